#!/usr/bin/env python3
"""Writes vectors.json: UserSig v2 test vectors made independently of Parley's TypeScript code.

Run:  python3 packages/usersig/test/vectors/make-vectors.py
      (optionally first: pip install tls-sig-api-v2==1.1, Tencent's official package on PyPI)

Per case it records:
  signedContent  the exact string TLSSigAPIv2 feeds to HMAC-SHA256
  sig            TLS.sig = base64(HMAC-SHA256(secretKey, signedContent))
  document       the exact JSON text Parley's genUserSig must produce (compact, Python-SDK key order)
  userSig        that document, zlib-compressed by this Python's zlib, in Tencent's base64
  foreign        the same sig as each Tencent SDK serialises it, for verifyUserSig to accept:
                 tencentPython (the official package when installed, else a line-for-line mirror of it),
                 and the Node, PHP and Go SDKs' formats reproduced here from their source.

Why `document` and not only `userSig` is the byte-for-byte reference: DEFLATE output depends on the
zlib build (Node bundles Chromium's zlib, CPython links the system zlib, and they emit different
bytes for the same input). The algorithm's content -- signed string, JSON text -- is fixed; the
compressed bytes are whatever a conforming zlib emits, and every zlib inflates them identically.

Standard library only (hmac, hashlib, zlib, base64, json).
"""

import base64
import hashlib
import hmac
import json
import os
import platform
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

try:  # Tencent's official package: pip install tls-sig-api-v2 (PyPI version 1.1 at the time of writing)
    import TLSSigAPIv2 as tencent_official  # noqa: N813
except ImportError:
    tencent_official = None


def tencent_b64(data: bytes) -> str:
    """Tencent's base64 variant: '+' -> '*', '/' -> '-', '=' -> '_'."""
    return base64.b64encode(data).decode().replace("+", "*").replace("/", "-").replace("=", "_")


def signed_content(identifier, sdkappid, curr_time, expire, base64_userbuf):
    """Mirrors TLSSigAPIv2.__hmacsha256's content (note: time before expire here)."""
    content = (
        "TLS.identifier:" + str(identifier) + "\n"
        + "TLS.sdkappid:" + str(sdkappid) + "\n"
        + "TLS.time:" + str(curr_time) + "\n"
        + "TLS.expire:" + str(expire) + "\n"
    )
    if base64_userbuf is not None:
        content += "TLS.userbuf:" + base64_userbuf + "\n"
    return content


def hmac_sig(key, content):
    return base64.b64encode(hmac.new(key.encode("utf-8"), content.encode("utf-8"), hashlib.sha256).digest()).decode()


def doc_python_order(identifier, sdkappid, curr_time, expire, base64_userbuf, sig):
    """Key order of the Python, PHP and Go SDKs: ver, identifier, sdkappid, expire, time, [userbuf], sig."""
    m = dict()
    m["TLS.ver"] = "2.0"
    m["TLS.identifier"] = str(identifier)
    m["TLS.sdkappid"] = int(sdkappid)
    m["TLS.expire"] = int(expire)
    m["TLS.time"] = int(curr_time)
    if base64_userbuf is not None:
        m["TLS.userbuf"] = base64_userbuf
    m["TLS.sig"] = sig
    return m


def doc_node_order(identifier, sdkappid, curr_time, expire, base64_userbuf, sig):
    """Key order of tls-sig-api-v2-node: time before expire."""
    m = dict()
    m["TLS.ver"] = "2.0"
    m["TLS.identifier"] = "" + identifier
    m["TLS.sdkappid"] = int(sdkappid)
    m["TLS.time"] = int(curr_time)
    m["TLS.expire"] = int(expire)
    if base64_userbuf is not None:
        m["TLS.userbuf"] = base64_userbuf
    m["TLS.sig"] = sig
    return m


def mirror_tencent_python(sdkappid, key, identifier, curr_time, expire, userbuf):
    """Line-for-line mirror of TLSSigAPIv2.__gen_sig (PyPI 1.1), with the clock fixed."""
    base64_userbuf = None if userbuf is None else bytes.decode(base64.b64encode(userbuf))
    sig = hmac_sig(key, signed_content(identifier, sdkappid, curr_time, expire, base64_userbuf))
    raw_sig = json.dumps(doc_python_order(identifier, sdkappid, curr_time, expire, base64_userbuf, sig))
    return tencent_b64(zlib.compress(raw_sig.encode("utf-8")))


def official_tencent_python(sdkappid, key, identifier, curr_time, expire, userbuf):
    """Runs Tencent's own code with its clock (time.time) pinned to curr_time."""
    real_time = tencent_official.time.time
    tencent_official.time.time = lambda: curr_time
    try:
        api = tencent_official.TLSSigAPIv2(sdkappid, key)
        if userbuf is None:
            gen = getattr(api, "gen_sig", None) or api.genUserSig
            return gen(identifier, expire)
        return api.gen_sig_with_userbuf(identifier, expire, userbuf)
    finally:
        tencent_official.time.time = real_time


def trtc_userbuf(account, sdkappid, room_id, expire_at, privilege_map):
    """TRTC PrivateMapKey userbuf (Tencent's _gen_userbuf layout), with an explicit expiry stamp."""
    raw = account.encode("utf-8")
    return b"\x00" + struct.pack(">H", len(raw)) + raw + struct.pack(">IIIII", sdkappid, room_id, expire_at, privilege_map, 0)


TENCENT_SAMPLE_KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
KEY_A = "9c1e6a4f0b2d8e7f3a5c6b1d4e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f"
KEY_B = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0"

CASES = [
    dict(name="basic", sdkAppId=1400000001, secretKey=KEY_A, userId="alice", time=1700000000, expire=86400),
    dict(name="tencent-sample-180-days", sdkAppId=1400000000, secretKey=TENCENT_SAMPLE_KEY, userId="xiaojun",
         time=1600000000, expire=180 * 86400),
    dict(name="long-expiry-10-years", sdkAppId=1400000002, secretKey=KEY_B, userId="user_with-dash-123",
         time=1710000000, expire=10 * 365 * 86400),
    dict(name="userbuf-abc", sdkAppId=1400000000, secretKey=TENCENT_SAMPLE_KEY, userId="xiaojun",
         time=1600000000, expire=180 * 86400, userBuf=b"abc"),
    dict(name="userbuf-trtc-private-map-key", sdkAppId=1400000001, secretKey=KEY_A, userId="alice",
         time=1700000000, expire=300, userBuf=trtc_userbuf("alice", 1400000001, 10000, 1700000300, 255)),
    dict(name="unicode-userid", sdkAppId=1400000001, secretKey=KEY_A, userId="Zoë-用户-😀",
         time=1700000123, expire=3600),
    dict(name="json-escapes-userid", sdkAppId=1400000001, secretKey=KEY_A, userId='a"b\\c/d<&>',
         time=1700000456, expire=7200),
    dict(name="unicode-secret-key", sdkAppId=1400000003, secretKey="clé-secrète-🔑", userId="bob",
         time=1234567890, expire=60),
    dict(name="max-uint32-sdkappid", sdkAppId=4294967295, secretKey=KEY_B, userId="x",
         time=1, expire=1),
]


def make_vector(case):
    sdkappid, key, identifier = case["sdkAppId"], case["secretKey"], case["userId"]
    curr_time, expire, userbuf = case["time"], case["expire"], case.get("userBuf")
    base64_userbuf = None if userbuf is None else base64.b64encode(userbuf).decode()

    content = signed_content(identifier, sdkappid, curr_time, expire, base64_userbuf)
    sig = hmac_sig(key, content)
    fields = (identifier, sdkappid, curr_time, expire, base64_userbuf, sig)

    # Parley's form: compact JSON, UTF-8 as is (what JavaScript's JSON.stringify writes), Python-SDK key order.
    document = json.dumps(doc_python_order(*fields), separators=(",", ":"), ensure_ascii=False)

    if tencent_official is not None:
        tencent_python = official_tencent_python(sdkappid, key, identifier, curr_time, expire, userbuf)
        # The mirror must agree with the official package, or the fallback would be wrong.
        assert tencent_python == mirror_tencent_python(sdkappid, key, identifier, curr_time, expire, userbuf)
    else:
        tencent_python = mirror_tencent_python(sdkappid, key, identifier, curr_time, expire, userbuf)

    node_json = json.dumps(doc_node_order(*fields), separators=(",", ":"), ensure_ascii=False)
    # PHP's json_encode: ASCII-only with \uXXXX escapes and '/' escaped as '\/'; gzcompress = zlib level 6.
    php_json = json.dumps(doc_python_order(*fields), separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")
    # Go's json.Encoder: HTML-escapes <, >, & and U+2028/2029, ends with '\n'; the SDK stores without compression.
    go_json = (
        json.dumps(doc_python_order(*fields), separators=(",", ":"), ensure_ascii=False)
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        + "\n"
    )

    vector = {
        "name": case["name"],
        "sdkAppId": sdkappid,
        "secretKey": key,
        "userId": identifier,
        "time": curr_time,
        "expire": expire,
        "userBufBase64": base64_userbuf,
        "signedContent": content,
        "sig": sig,
        "document": document,
        "userSig": tencent_b64(zlib.compress(document.encode("utf-8"))),
        "foreign": {
            "tencentPython": tencent_python,
            "nodeSdk": tencent_b64(zlib.compress(node_json.encode("utf-8"))),
            "phpSdk": tencent_b64(zlib.compress(php_json.encode("utf-8"))),
            "goSdk": tencent_b64(zlib.compress(go_json.encode("utf-8"), 0)),
        },
    }
    return vector


def main():
    official = "tls-sig-api-v2 (PyPI) " + official_version() if tencent_official is not None else None
    out = {
        "generator": "packages/usersig/test/vectors/make-vectors.py",
        "tencentPythonSource": official or "embedded mirror of TLSSigAPIv2.py (official package not installed)",
        "python": platform.python_version(),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "vectors": [make_vector(case) for case in CASES],
    }
    path = os.path.join(HERE, "vectors.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote", path, "with", len(out["vectors"]), "vectors;", out["tencentPythonSource"], file=sys.stderr)


def official_version():
    try:
        from importlib.metadata import version

        return version("tls-sig-api-v2")
    except Exception:  # noqa: BLE001 - the version is informational only
        return "(version unknown)"


if __name__ == "__main__":
    main()
