/*
 * LD_PRELOAD shim for the reference run of BaresipCallSetupBenchmark (tcp=NoDelay): sets
 * TCP_NODELAY on every TCP socket the process connects or accepts. baresip 1.0.0 on libre 1.1.0
 * leaves Nagle's algorithm (RFC 896) on its SIP-over-TLS connections, so on loopback the callee's
 * 200 OK waits behind its unacknowledged 180 until Kamailio's delayed ACK (RFC 1122 4.2.3.2,
 * 40 ms on Linux) releases it: the same stall issue 19 found in our unit. With the shim, baresip
 * is measured as our unit now runs (TCP_NODELAY on every SIP socket). Not part of the product.
 *
 *   cc -O2 -Wall -shared -fPIC -o nodelay_shim.so nodelay_shim.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void no_delay(int fd)
{
	int on = 1;
	/* Fails harmlessly (ENOPROTOOPT, ENOTSOCK) on UDP and other sockets. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);
	if (!real)
		real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
	no_delay(fd);
	return real(fd, addr, len);
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	static int (*real)(int, struct sockaddr *, socklen_t *);
	if (!real)
		real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
	int conn = real(fd, addr, len);
	if (conn >= 0)
		no_delay(conn);
	return conn;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	static int (*real)(int, struct sockaddr *, socklen_t *, int);
	if (!real)
		real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
	int conn = real(fd, addr, len, flags);
	if (conn >= 0)
		no_delay(conn);
	return conn;
}
