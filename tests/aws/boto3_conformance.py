#!/usr/bin/env python3
"""boto3 (Debian python3-boto3), unmodified, against `larkbase aws-emulator`.

A second real SDK next to the AWS SDK for JavaScript (tests/node/aws_sdk.test.mjs):
every call the project makes (S3, Glue, Secrets Manager, STS, Athena
GetQueryExecution) through boto3's own serialisers, signer and parsers,
including the error shapes and S3's Last-Modified. The emulator is started as a
child process on a free port (LARKBASE_BIN) and stopped at the end.
"""
import datetime
import json
import os
import subprocess
import unittest

import boto3
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

EMULATOR = None
HANDSHAKE = None


def setUpModule():
    global EMULATOR, HANDSHAKE
    EMULATOR = subprocess.Popen(
        [os.environ["LARKBASE_BIN"], "aws-emulator", "--port", "0", "--demo",
         "--query-execution", "q-1=SELECT 1"],
        stdout=subprocess.PIPE, text=True)
    HANDSHAKE = json.loads(EMULATOR.stdout.readline())


def tearDownModule():
    EMULATOR.terminate()
    EMULATOR.wait(timeout=30)


def client(service, **config):
    return boto3.session.Session().client(
        service, region_name=HANDSHAKE["region"], endpoint_url=HANDSHAKE["url"],
        aws_access_key_id="AKIDBOTO3", aws_secret_access_key="boto3-secret-key",
        aws_session_token="boto3-session-token",
        config=Config(retries={"max_attempts": 1}, **config))


def error_code(error):
    return error.exception.response["Error"]["Code"]


class S3Test(unittest.TestCase):
    def setUp(self):
        self.s3 = client("s3", s3={"addressing_style": "path"})
        self.bucket = HANDSHAKE["spill_bucket"]

    def assert_recent(self, when):
        self.assertIsInstance(when, datetime.datetime)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((when - now).total_seconds()), 60)

    def test_objects_ranges_listing_and_last_modified(self):
        key = "boto3/a b+\u00fc.txt"
        self.s3.head_bucket(Bucket=self.bucket)
        put = self.s3.put_object(Bucket=self.bucket, Key=key, Body=b"hello boto3")
        got = self.s3.get_object(Bucket=self.bucket, Key=key)
        self.assertEqual(got["Body"].read(), b"hello boto3")
        self.assertEqual(got["ETag"], put["ETag"])
        self.assert_recent(got["LastModified"])
        head = self.s3.head_object(Bucket=self.bucket, Key=key)
        self.assertEqual(head["ContentLength"], 11)
        self.assert_recent(head["LastModified"])
        ranged = self.s3.get_object(Bucket=self.bucket, Key=key, Range="bytes=6-10")
        self.assertEqual(ranged["Body"].read(), b"boto3")
        self.assertEqual(ranged["ResponseMetadata"]["HTTPStatusCode"], 206)
        for i in range(3):
            self.s3.put_object(Bucket=self.bucket, Key=f"boto3/page/{i}", Body=b"x")
        keys = []
        for page in self.s3.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix="boto3/page/", PaginationConfig={"PageSize": 2}):
            keys += [item["Key"] for item in page.get("Contents", [])]
            for item in page.get("Contents", []):
                self.assert_recent(item["LastModified"])
        self.assertEqual(keys, ["boto3/page/0", "boto3/page/1", "boto3/page/2"])
        self.s3.delete_object(Bucket=self.bucket, Key=key)
        with self.assertRaises(ClientError) as error:
            self.s3.get_object(Bucket=self.bucket, Key=key)
        self.assertEqual(error_code(error), "NoSuchKey")
        with self.assertRaises(ClientError) as error:
            self.s3.head_bucket(Bucket="no-such-bucket")
        self.assertEqual(error_code(error), "404")

    def test_multipart_upload(self):
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key="boto3/multi")
        parts = []
        for number, data in ((1, b"a" * (5 << 20)), (2, b"tail")):
            part = self.s3.upload_part(Bucket=self.bucket, Key="boto3/multi", PartNumber=number,
                                       UploadId=upload["UploadId"], Body=data)
            parts.append({"PartNumber": number, "ETag": part["ETag"]})
        self.s3.complete_multipart_upload(Bucket=self.bucket, Key="boto3/multi",
                                          UploadId=upload["UploadId"],
                                          MultipartUpload={"Parts": parts})
        head = self.s3.head_object(Bucket=self.bucket, Key="boto3/multi")
        self.assertEqual(head["ContentLength"], (5 << 20) + 4)


class GlueTest(unittest.TestCase):
    def test_databases_tables_paging_and_errors(self):
        glue = client("glue")
        names = [db["Name"] for db in glue.get_databases()["DatabaseList"]]
        self.assertIn("sales", names)
        glue.create_database(DatabaseInput={"Name": "boto3_db", "LocationUri": "lark-base-flag/x"})
        with self.assertRaises(ClientError) as error:
            glue.create_database(DatabaseInput={"Name": "boto3_db"})
        self.assertEqual(error_code(error), "AlreadyExistsException")
        for i in range(3):
            glue.create_table(DatabaseName="boto3_db", TableInput={
                "Name": f"T{i}", "Parameters": {"classification": "lark-base-flag"},
                "StorageDescriptor": {"Columns": [
                    {"Name": "c", "Type": "string", "Comment": "LarkBaseFieldId=f"}]}})
        tables = []
        for page in glue.get_paginator("get_tables").paginate(
                DatabaseName="boto3_db", PaginationConfig={"PageSize": 2}):
            tables += [table["Name"] for table in page["TableList"]]
        self.assertEqual(sorted(tables), ["t0", "t1", "t2"])
        table = glue.get_table(DatabaseName="boto3_db", Name="t1")["Table"]
        self.assertEqual(table["StorageDescriptor"]["Columns"][0]["Comment"], "LarkBaseFieldId=f")
        self.assertIsInstance(table["CreateTime"], datetime.datetime)
        glue.update_table(DatabaseName="boto3_db", TableInput={
            "Name": "t1", "Parameters": {"classification": "lark-base-flag", "larkTableId": "tblX"}})
        updated = glue.get_table(DatabaseName="boto3_db", Name="t1")["Table"]
        self.assertEqual(updated["Parameters"]["larkTableId"], "tblX")
        glue.delete_table(DatabaseName="boto3_db", Name="t1")
        with self.assertRaises(ClientError) as error:
            glue.get_table(DatabaseName="boto3_db", Name="t1")
        self.assertEqual(error_code(error), "EntityNotFoundException")


class SecretsStsAthenaTest(unittest.TestCase):
    def test_secret_identity_and_query_execution(self):
        secrets = client("secretsmanager")
        secret = secrets.get_secret_value(SecretId="larkbase/lark-app")
        self.assertEqual(json.loads(secret["SecretString"])["lark_app_id"], "cli_emulator")
        by_arn = secrets.get_secret_value(SecretId=secret["ARN"])
        self.assertEqual(by_arn["Name"], "larkbase/lark-app")
        with self.assertRaises(ClientError) as error:
            secrets.get_secret_value(SecretId="missing")
        self.assertEqual(error_code(error), "ResourceNotFoundException")
        identity = client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], HANDSHAKE["account_id"])
        self.assertTrue(identity["Arn"].startswith("arn:aws:iam::"))
        athena = client("athena")
        execution = athena.get_query_execution(QueryExecutionId="q-1")["QueryExecution"]
        self.assertEqual(execution["Query"], "SELECT 1")
        with self.assertRaises(ClientError) as error:
            athena.get_query_execution(QueryExecutionId="nope")
        self.assertEqual(error_code(error), "InvalidRequestException")


class UnsignedTest(unittest.TestCase):
    """An unsigned request is refused in each service's own error shape."""

    def unsigned(self, service, **config):
        return boto3.session.Session().client(
            service, region_name=HANDSHAKE["region"], endpoint_url=HANDSHAKE["url"],
            config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}, **config))

    def test_unsigned_requests_are_refused(self):
        cases = [
            (self.unsigned("s3", s3={"addressing_style": "path"}),
             lambda c: c.get_object(Bucket=HANDSHAKE["spill_bucket"], Key="k"), "AccessDenied", 403),
            (self.unsigned("sts"), lambda c: c.get_caller_identity(),
             "MissingAuthenticationToken", 403),
            (self.unsigned("glue"), lambda c: c.get_databases(),
             "MissingAuthenticationTokenException", 400),
            (self.unsigned("secretsmanager"), lambda c: c.get_secret_value(SecretId="x"),
             "MissingAuthenticationTokenException", 400),
        ]
        for client_, call, code, status in cases:
            with self.assertRaises(ClientError) as error:
                call(client_)
            self.assertEqual(error_code(error), code)
            self.assertEqual(error.exception.response["ResponseMetadata"]["HTTPStatusCode"], status)


if __name__ == "__main__":
    unittest.main()
