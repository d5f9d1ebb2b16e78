#!/usr/bin/env python3
"""Recomputes the SigV4 Authorization header of recorded requests with botocore.

An independent check of the signatures our clients make (libcurl's
CURLOPT_AWS_SIGV4): the requests as the AWS emulator received them
(`larkbase aws-emulator --record-requests FILE`, one JSON line each: method,
raw target, headers as received, body in base64) are signed again by botocore's
own signer (SigV4Auth, S3SigV4Auth for S3) with the same credentials, region,
service, X-Amz-Date and signed headers, and the two Authorization headers must
be identical. Also checked without botocore: S3's x-amz-content-sha256 is the
SHA-256 of the body as sent, and every x-amz-* header and the host are signed.

Usage: sigv4_botocore_check.py RECORD_FILE ACCESS_KEY_ID SECRET_ACCESS_KEY [SESSION_TOKEN]
Prints one line per request, "OK <service> <operation> <method> <target>" or
"MISMATCH ..." with both headers; exits 0 only when every signed request matches.
"""
import base64
import hashlib
import json
import sys

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def parse_authorization(value):
    algorithm, _, rest = value.partition(" ")
    fields = {}
    for part in rest.split(","):
        name, _, field = part.strip().partition("=")
        fields[name] = field
    access_key, date, region, service, terminator = fields["Credential"].split("/")
    return {
        "algorithm": algorithm,
        "access_key": access_key,
        "date": date,
        "region": region,
        "service": service,
        "terminator": terminator,
        "signed_headers": fields["SignedHeaders"].split(";"),
    }


def operation_of(service, method, target, headers, body):
    if "x-amz-target" in headers:
        return headers["x-amz-target"].partition(".")[2]
    if service == "sts":
        for pair in body.decode().split("&"):
            if pair.startswith("Action="):
                return pair[len("Action="):]
    return "REST" if service == "s3" else "?"


def check(request, credentials):
    headers_in_order = request["headers"]
    headers = {name.lower(): value for name, value in headers_in_order}
    body = base64.b64decode(request["body_base64"])
    authorization = headers.get("authorization", "")
    if not authorization.startswith("AWS4-HMAC-SHA256 "):
        return None  # not signed (the container credentials endpoint)
    scope = parse_authorization(authorization)
    problems = []
    if scope["access_key"] != credentials.access_key:
        problems.append(f"access key id {scope['access_key']}")
    if scope["terminator"] != "aws4_request":
        problems.append("credential scope does not end in aws4_request")
    for name in headers:
        # What AWS requires signed; content-type is optional (curl may add an
        # unsigned default).
        must_sign = name.startswith("x-amz-") or name == "host"
        if must_sign and name not in scope["signed_headers"]:
            problems.append(f"header {name} is sent but not signed")
    if scope["service"] == "s3":
        digest = hashlib.sha256(body).hexdigest()
        if headers.get("x-amz-content-sha256") != digest:
            problems.append("x-amz-content-sha256 is not the SHA-256 of the body sent")

    # botocore signs the same request: the headers the client signed, the
    # client's timestamp, the same scope.
    signed = {name: headers[name] for name in scope["signed_headers"] if name in headers}
    url = "http://" + headers["host"] + request["target"]
    aws_request = AWSRequest(method=request["method"], url=url, data=body, headers=signed)
    aws_request.context["timestamp"] = headers["x-amz-date"]
    signer_class = S3SigV4Auth if scope["service"] == "s3" else SigV4Auth
    signer = signer_class(credentials, scope["service"], scope["region"])
    canonical = signer.canonical_request(aws_request)
    string_to_sign = signer.string_to_sign(aws_request, canonical)
    signature = signer.signature(string_to_sign, aws_request)
    expected = (
        f"AWS4-HMAC-SHA256 Credential={signer.scope(aws_request)}, "
        f"SignedHeaders={signer.signed_headers(signer.headers_to_sign(aws_request))}, "
        f"Signature={signature}"
    )
    if expected != authorization:
        problems.append(f"Authorization differs:\n  sent:     {authorization}\n"
                        f"  botocore: {expected}\n  canonical request:\n{canonical}")
    operation = operation_of(scope["service"], request["method"], request["target"], headers,
                             body)
    return scope["service"], operation, problems


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    path, access_key, secret_key = sys.argv[1:4]
    token = sys.argv[4] if len(sys.argv) == 5 else None
    credentials = Credentials(access_key, secret_key, token)
    checked = 0
    failed = 0
    with open(path, encoding="utf-8") as records:
        for line in records:
            request = json.loads(line)
            outcome = check(request, credentials)
            if outcome is None:
                continue
            service, operation, problems = outcome
            checked += 1
            where = f"{service} {operation} {request['method']} {request['target']}"
            if problems:
                failed += 1
                print(f"MISMATCH {where}: " + "; ".join(problems))
            else:
                print(f"OK {where}")
    print(f"checked {checked} signed requests, {failed} mismatches")
    return 0 if checked > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
