#!/usr/bin/python3
"""GStreamer as the MIKEY/SRTP peer of the unit, for srtp-ta's interop tests.

Runs under /usr/bin/python3 with GI (gir1.2-gst-plugins-base-1.0, python3-gi) and GStreamer's
srtpenc/srtpdec (gstreamer1.0-plugins-bad). Output is one JSON object per line on stdout; the
caller always runs this under a timeout, and the script also bounds every wait itself.

  offer  --tag 80|32 --level session|media --cs 0|1 --send-port P --recv-port Q --packets N
         GStreamer offers: builds the MIKEY message as gst-rtsp-server does
         (gst_mikey_message_new_from_caps, plus one crypto session with --cs 1), puts it in an SDP
         at session or media level, prints {"sdp": ...} once its receiver listens on Q, sends N
         PCMU packets through srtpenc to P, and prints what srtpdec let through from Q. With
         --send-port 0 it first reads the port to send to from a line on stdin (the port of the
         answer, in a SIP call).
  answer --recv-port Q --packets N --ssrc S
         GStreamer receives: reads the unit's SDP on stdin, finds key-mgmt:mikey at session or
         media level, parses it with gst_mikey_message_new_from_data and gst_mikey_message_to_caps,
         prints {"parsed": ...} once srtpdec listens on Q, then prints what srtpdec let through.
  parse  (the base64 of a MIKEY message on stdin) prints {"parsed": true|false}: used to show
         which of the unit's messages GStreamer's parser can read (the caller's timeout catches a
         parser that never returns).
"""
import argparse
import base64
import ctypes
import json
import os
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp  # noqa: E402

WAIT_SECONDS = 15

# gst_mikey_message_new_from_data's GstMIKEYDecryptInfo cannot be passed as NULL through GI, so
# GStreamer's MIKEY parser and its MIKEY-to-caps mapping are called through ctypes; the result
# comes back to GI as caps text.
_SDP = ctypes.CDLL("libgstsdp-1.0.so.0")
_GST = ctypes.CDLL("libgstreamer-1.0.so.0")
_GLIB = ctypes.CDLL("libglib-2.0.so.0")
_SDP.gst_mikey_message_new_from_data.restype = ctypes.c_void_p
_SDP.gst_mikey_message_new_from_data.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p]
_SDP.gst_mikey_message_to_caps.restype = ctypes.c_int
_SDP.gst_mikey_message_to_caps.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
_GST.gst_caps_from_string.restype = ctypes.c_void_p
_GST.gst_caps_from_string.argtypes = [ctypes.c_char_p]
_GST.gst_caps_to_string.restype = ctypes.c_void_p
_GST.gst_caps_to_string.argtypes = [ctypes.c_void_p]
_GST.gst_mini_object_unref.argtypes = [ctypes.c_void_p]
_GLIB.g_free.argtypes = [ctypes.c_void_p]


def parse_mikey(data):
    """GStreamer's gst_mikey_message_new_from_data, or None when it refuses the message."""
    msg = _SDP.gst_mikey_message_new_from_data(data, len(data), None, None)
    return msg or None


def mikey_to_caps(msg, caps_text):
    """gst_mikey_message_to_caps on caps made from caps_text: the filled caps as GI caps, or None."""
    caps = _GST.gst_caps_from_string(caps_text.encode())
    try:
        if not _SDP.gst_mikey_message_to_caps(msg, caps):
            return None
        text = _GST.gst_caps_to_string(caps)
        try:
            return Gst.Caps.from_string(ctypes.string_at(text).decode())
        finally:
            _GLIB.g_free(text)
    finally:
        _GST.gst_mini_object_unref(caps)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def srtp_caps(key_hex, cipher, auth, ssrc=None):
    text = ("application/x-srtp, media=(string)audio, clock-rate=(int)8000, encoding-name=(string)PCMU, payload=(int)0, "
            "srtp-key=(buffer){k}, srtp-cipher=(string){c}, srtp-auth=(string){a}, srtcp-cipher=(string){c}, "
            "srtcp-auth=(string){a}, roc=(uint)0").format(k=key_hex, c=cipher, a=auth)
    if ssrc is not None:
        text += ", ssrc=(uint){}".format(ssrc)
    return Gst.Caps.from_string(text)


class Receiver:
    """udpsrc on the port -> srtpdec -> appsink: counts what authenticates and decrypts."""

    def __init__(self, port, caps, packets):
        self.packets = packets
        self.count = 0
        self.first = None
        self.done = threading.Event()
        self.caps = caps
        self.pipeline = Gst.parse_launch(
            "udpsrc name=src address=127.0.0.1 port={} ! srtpdec name=dec ! appsink name=sink emit-signals=true sync=false"
            .format(port))
        self.pipeline.get_by_name("src").set_property("caps", caps)
        self.pipeline.get_by_name("dec").connect("request-key", lambda dec, ssrc: self.caps)
        self.pipeline.get_by_name("sink").connect("new-sample", self.on_sample)

    def on_sample(self, sink):
        sample = sink.emit("pull-sample")
        buf = sample.get_buffer()
        ok, info = buf.map(Gst.MapFlags.READ)
        if ok:
            data = bytes(info.data)
            buf.unmap(info)
            if self.first is None:
                self.first = data[12:].hex()
            self.count += 1
            if self.count >= self.packets:
                self.done.set()
        return Gst.FlowReturn.OK

    def start(self):
        # udpsrc binds its socket in its NULL->READY change, which set_state performs before it
        # returns: after this the port is listening. (A live pipeline never prerolls, so waiting
        # for the pipeline's state would only wait out the timeout.)
        if self.pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            raise RuntimeError("the srtpdec pipeline did not start (port taken?)")

    def finish(self):
        self.done.wait(WAIT_SECONDS)
        self.pipeline.set_state(Gst.State.NULL)
        return {"received": self.count, "first_payload": self.first}


def offer(args):
    tag = {"80": "hmac-sha1-80", "32": "hmac-sha1-32"}[args.tag]
    key = os.urandom(30)
    ssrc = 0x5EED0001
    caps = srtp_caps(key.hex(), "aes-128-icm", tag, ssrc)
    msg = GstSdp.MIKEYMessage.new_from_caps(caps)
    if args.cs == 1:
        # gst-rtsp-server adds one crypto session per stream it sends (rtsp-stream.c).
        msg.add_cs_srtp(0, ssrc, 0)
    data = "mikey " + msg.base64_encode()

    # The SDP as gst-rtsp-server writes it (rtsp-sdp.c puts key-mgmt in each media), or at session level.
    lines = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=GStreamer", "c=IN IP4 127.0.0.1", "t=0 0"]
    if args.level == "session":
        lines.append("a=key-mgmt:" + data)
    lines += ["m=audio {} RTP/SAVP 0".format(args.recv_port), "a=rtpmap:0 PCMU/8000"]
    if args.level == "media":
        lines.append("a=key-mgmt:" + data)
    sdp = "\r\n".join(lines) + "\r\n"

    receiver = Receiver(args.recv_port, srtp_caps(key.hex(), "aes-128-icm", tag, None), args.packets)
    receiver.start()
    emit({"sdp": sdp, "ssrc": ssrc})
    send_port = args.send_port if args.send_port else int(sys.stdin.readline().strip())
    sender = Gst.parse_launch(
        "audiotestsrc wave=silence num-buffers={n} samplesperbuffer=160 ! audio/x-raw,rate=8000,channels=1 ! mulawenc "
        "! rtppcmupay ssrc={ssrc} pt=0 ! enc.rtp_sink_0 srtpenc name=enc key={key} rtp-cipher=aes-128-icm rtp-auth={tag} "
        "rtcp-cipher=aes-128-icm rtcp-auth={tag} enc.rtp_src_0 ! udpsink host=127.0.0.1 port={port} sync=false"
        .format(n=args.packets, ssrc=ssrc, key=key.hex(), tag=tag, port=send_port))
    sender.set_state(Gst.State.PLAYING)
    bus = sender.get_bus()
    message = bus.timed_pop_filtered(WAIT_SECONDS * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    sent_ok = message is not None and message.type == Gst.MessageType.EOS
    sender.set_state(Gst.State.NULL)
    result = receiver.finish()
    result["sent"] = sent_ok
    emit(result)


def find_mikey(sdp):
    """The session-level key-mgmt:mikey message, else the first media-level one, as GStreamer reads them."""
    for i in range(sdp.attributes_len()):
        attr = sdp.get_attribute(i)
        if attr.key == "key-mgmt" and attr.value.startswith("mikey "):
            return "session", parse_mikey(base64.b64decode(attr.value[6:]))
    for m in range(sdp.medias_len()):
        media = sdp.get_media(m)
        for i in range(media.attributes_len()):
            attr = media.get_attribute(i)
            if attr.key == "key-mgmt" and attr.value.startswith("mikey "):
                return "media", parse_mikey(base64.b64decode(attr.value[6:]))
    return None, None


def answer(args):
    text = sys.stdin.read()
    ok, sdp = GstSdp.SDPMessage.new_from_text(text)
    level, msg = find_mikey(sdp)
    if msg is None:
        emit({"parsed": False, "level": level})
        return
    caps = mikey_to_caps(msg, "application/x-srtp, media=(string)audio, clock-rate=(int)8000, encoding-name=(string)PCMU, "
                              "payload=(int)0, roc=(uint)0, ssrc=(uint){}".format(args.ssrc))
    if caps is None:
        emit({"parsed": True, "level": level, "to_caps": False})
        return
    s = caps.get_structure(0)
    key = s.get_value("srtp-key")
    ok, info = key.map(Gst.MapFlags.READ)
    key_hex = bytes(info.data).hex()
    key.unmap(info)
    receiver = Receiver(args.recv_port, caps, args.packets)
    receiver.start()
    emit({"parsed": True, "level": level, "to_caps": True, "cipher": s.get_string("srtp-cipher"),
          "auth": s.get_string("srtp-auth"), "key": key_hex})
    emit(receiver.finish())


def parse(args):
    data = base64.b64decode(sys.stdin.read().strip())
    emit({"parsed": parse_mikey(data) is not None})


def main():
    Gst.init(None)
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    o = sub.add_parser("offer")
    o.add_argument("--tag", choices=["80", "32"], required=True)
    o.add_argument("--level", choices=["session", "media"], required=True)
    o.add_argument("--cs", type=int, choices=[0, 1], required=True)
    o.add_argument("--send-port", type=int, required=True)
    o.add_argument("--recv-port", type=int, required=True)
    o.add_argument("--packets", type=int, required=True)
    a = sub.add_parser("answer")
    a.add_argument("--recv-port", type=int, required=True)
    a.add_argument("--packets", type=int, required=True)
    a.add_argument("--ssrc", type=int, required=True)
    sub.add_parser("parse")
    args = parser.parse_args()
    {"offer": offer, "answer": answer, "parse": parse}[args.mode](args)


if __name__ == "__main__":
    main()
