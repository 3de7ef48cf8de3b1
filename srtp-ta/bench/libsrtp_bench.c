/*
 * libsrtp2 on the packet shape of SrtpContextBenchmark: a 12-byte RTP header and a 160-byte payload,
 * one thread, one session per direction. Each operation copies the packet into the work buffer first,
 * as the Java benchmark does. Unprotect runs in batches of 1024 packets protected just before (not
 * timed), so that the replay window always sees new indices. Rates are per second of the thread's
 * CPU time (robust to the load of other processes on a shared machine) and per wall-clock second.
 *
 *   cc -O2 -o libsrtp_bench libsrtp_bench.c -lsrtp2
 *   ./libsrtp_bench aes|null [seconds per round] [warm-up rounds] [measured rounds]
 *   ./libsrtp_bench vectors     prints the SRTP and SRTCP packets libsrtp2 makes of the test packets,
 *                               also with two master keys told apart by MKI
 *                               (LibsrtpVectorsTest holds them: our engine must produce the same bytes)
 */
#include <srtp2/srtp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SSRC 0x5EC00001u
#define RTP_LENGTH 172
#define BATCH 1024

/* Same master key and salt as the Java tests (RFC 3711 B.3). */
static unsigned char key[30] = {
    0xE1, 0xF9, 0x7A, 0x0D, 0x3E, 0x01, 0x8B, 0xE0, 0xD6, 0x4F, 0xA3, 0x2C, 0x06, 0xDE, 0x41, 0x39,
    0x0E, 0xC6, 0x75, 0xAD, 0x49, 0x8A, 0xFE, 0xEB, 0xB6, 0x96, 0x0B, 0x3A, 0xAB, 0xE6};

/* Thread CPU time: on a shared machine wall-clock rates fall with the load of other processes. */
static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double wall(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(srtp_err_status_t status, const char *what) {
    if (status != srtp_err_status_ok) {
        fprintf(stderr, "%s failed: %d\n", what, status);
        exit(1);
    }
}

static srtp_t session(int null_cipher, srtp_ssrc_type_t type) {
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    if (null_cipher) {
        srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&policy.rtp);
        srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    }
    policy.ssrc.type = type;
    policy.ssrc.value = SSRC;
    policy.key = key;
    policy.window_size = 128;
    srtp_t s;
    check(srtp_create(&s, &policy), "srtp_create");
    return s;
}

static void packet(unsigned char *p, unsigned seq) {
    memset(p, 0, RTP_LENGTH);
    p[0] = 0x80;
    p[2] = seq >> 8;
    p[3] = seq;
    *(uint32_t *) (p + 4) = htonl(seq * 160);
    *(uint32_t *) (p + 8) = htonl(SSRC);
    for (int i = 0; i < 160; i++) {
        p[12 + i] = (unsigned char) (i);
    }
}

/* Protects for about `seconds` of CPU time; returns packets per CPU second (and per wall second). */
static double protect_round(srtp_t sender, unsigned *seq, double seconds, double *wall_rate) {
    unsigned char template[RTP_LENGTH], buffer[RTP_LENGTH + SRTP_MAX_TRAILER_LEN];
    packet(template, 0);
    long count = 0;
    double start = now(), started = wall(), elapsed;
    do {
        for (int i = 0; i < BATCH; i++) {
            memcpy(buffer, template, RTP_LENGTH);
            unsigned s = ++*seq;
            buffer[2] = s >> 8;
            buffer[3] = s;
            int length = RTP_LENGTH;
            check(srtp_protect(sender, buffer, &length), "srtp_protect");
        }
        count += BATCH;
        elapsed = now() - start;
    } while (elapsed < seconds);
    *wall_rate = count / (wall() - started);
    return count / elapsed;
}

static double unprotect_round(srtp_t sender, srtp_t receiver, unsigned *seq, double seconds, double *wall_rate) {
    static unsigned char batch[BATCH][RTP_LENGTH + SRTP_MAX_TRAILER_LEN];
    static int lengths[BATCH];
    unsigned char buffer[RTP_LENGTH + SRTP_MAX_TRAILER_LEN];
    long count = 0;
    double timed = 0, timed_wall = 0;
    while (timed < seconds) {
        for (int i = 0; i < BATCH; i++) {
            packet(batch[i], ++*seq & 0xFFFF);
            lengths[i] = RTP_LENGTH;
            check(srtp_protect(sender, batch[i], &lengths[i]), "srtp_protect");
        }
        double start = now(), started = wall();
        for (int i = 0; i < BATCH; i++) {
            memcpy(buffer, batch[i], lengths[i]);
            int length = lengths[i];
            check(srtp_unprotect(receiver, buffer, &length), "srtp_unprotect");
        }
        timed += now() - start;
        timed_wall += wall() - started;
        count += BATCH;
    }
    *wall_rate = count / timed_wall;
    return count / timed;
}

static void print_hex(const char *what, const unsigned char *p, int length) {
    printf("%s ", what);
    for (int i = 0; i < length; i++) {
        printf("%02X", p[i]);
    }
    printf("\n");
}

/* The packets of TestPackets: rtp(1, SSRC, payload(0)) and rtcp(SSRC). */
static void vectors(void) {
    for (int null_cipher = 0; null_cipher < 2; null_cipher++) {
        const char *profile = null_cipher ? "NULL_HMAC_SHA1_80" : "AES_CM_128_HMAC_SHA1_80";
        srtp_t sender = session(null_cipher, ssrc_any_outbound);
        unsigned char p[RTP_LENGTH + SRTP_MAX_TRAILER_LEN];
        packet(p, 1);
        int length = RTP_LENGTH;
        check(srtp_protect(sender, p, &length), "srtp_protect");
        printf("%s ", profile);
        print_hex("srtp", p, length);

        unsigned char r[32 + SRTP_MAX_TRAILER_LEN];
        memset(r, 0, sizeof r);
        r[0] = 0x81;
        r[1] = 201;
        r[3] = 7;
        *(uint32_t *) (r + 4) = htonl(SSRC);
        for (int i = 8; i < 32; i++) {
            r[i] = (unsigned char) (0xA0 + i);
        }
        length = 32;
        check(srtp_protect_rtcp(sender, r, &length), "srtp_protect_rtcp");
        printf("%s ", profile);
        print_hex("srtcp", r, length);
        srtp_dealloc(sender);
    }
}

/*
 * Two master keys told apart by a 4-byte MKI (RFC 3711 3.1): key 1 is the key above with MKI 00000001,
 * key 2 the same with its first byte XOR 1, MKI 00000002. The RTP packet of TestPackets protected
 * under each key, and the RTCP one under key 2 (libsrtp's first SRTCP index is 1).
 */
static void mki_vectors(void) {
    static unsigned char key2[30];
    static unsigned char mki1[4] = {0, 0, 0, 1}, mki2[4] = {0, 0, 0, 2};
    memcpy(key2, key, 30);
    key2[0] ^= 1;
    srtp_master_key_t k1 = {key, mki1, 4}, k2 = {key2, mki2, 4};
    srtp_master_key_t *keys[2] = {&k1, &k2};
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    policy.ssrc.type = ssrc_any_outbound;
    policy.keys = keys;
    policy.num_master_keys = 2;
    policy.window_size = 128;
    srtp_t sender;
    check(srtp_create(&sender, &policy), "srtp_create (MKI)");
    for (unsigned index = 0; index < 2; index++) {
        unsigned char p[RTP_LENGTH + SRTP_MAX_TRAILER_LEN];
        packet(p, 1 + index);
        int length = RTP_LENGTH;
        check(srtp_protect_mki(sender, p, &length, 1, index), "srtp_protect_mki");
        printf("mki%u ", index + 1);
        print_hex("srtp", p, length);
    }
    unsigned char r[32 + SRTP_MAX_TRAILER_LEN];
    memset(r, 0, sizeof r);
    r[0] = 0x81;
    r[1] = 201;
    r[3] = 7;
    *(uint32_t *) (r + 4) = htonl(SSRC);
    for (int i = 8; i < 32; i++) {
        r[i] = (unsigned char) (0xA0 + i);
    }
    int length = 32;
    check(srtp_protect_rtcp_mki(sender, r, &length, 1, 1), "srtp_protect_rtcp_mki");
    printf("mki2 ");
    print_hex("srtcp", r, length);
    srtp_dealloc(sender);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "vectors") == 0) {
        check(srtp_init(), "srtp_init");
        vectors();
        mki_vectors();
        return 0;
    }
    int null_cipher = argc > 1 && strcmp(argv[1], "null") == 0;
    double seconds = argc > 2 ? atof(argv[2]) : 2;
    int warmups = argc > 3 ? atoi(argv[3]) : 3;
    int rounds = argc > 4 ? atoi(argv[4]) : 5;
    const char *profile = null_cipher ? "NULL_HMAC_SHA1_80" : "AES_CM_128_HMAC_SHA1_80";
    check(srtp_init(), "srtp_init");
    printf("# %s, %s, %g s rounds, %d warm-up, %d measured\n", srtp_get_version_string(), profile, seconds, warmups, rounds);

    for (int op = 0; op < 2; op++) {
        srtp_t sender = session(null_cipher, ssrc_any_outbound);
        srtp_t receiver = session(null_cipher, ssrc_any_inbound);
        unsigned seq = 0;
        double sum = 0, sum_wall = 0;
        for (int r = 0; r < warmups + rounds; r++) {
            double wall_rate;
            double rate = op == 0 ? protect_round(sender, &seq, seconds, &wall_rate)
                                  : unprotect_round(sender, receiver, &seq, seconds, &wall_rate);
            if (r >= warmups) {
                printf("%s round %d: %.0f ops/s cpu, %.0f ops/s wall\n", op == 0 ? "protect" : "unprotect", r - warmups + 1,
                       rate, wall_rate);
                sum += rate;
                sum_wall += wall_rate;
            }
        }
        printf("libsrtp2 %s %s: %.0f ops/s cpu, %.0f ops/s wall (mean of %d)\n", op == 0 ? "protect" : "unprotect", profile,
               sum / rounds, sum_wall / rounds, rounds);
        srtp_dealloc(sender);
        srtp_dealloc(receiver);
    }
    return 0;
}
