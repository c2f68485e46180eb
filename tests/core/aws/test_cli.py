from __future__ import annotations

from datetime import UTC, datetime

from core.aws.cli import MASK, MIB, FileBody, mask_secrets, render_cli


def test_renders_the_cli_command_with_kebab_case_options() -> None:
    cli = render_cli(
        "rds",
        "create_db_instance",
        {"DBInstanceIdentifier": "books-db", "AllocatedStorage": 20, "MultiAZ": False},
        region="eu-west-1",
    )
    assert cli == (
        "aws rds create-db-instance --db-instance-identifier books-db "
        "--allocated-storage 20 --no-multi-az --region eu-west-1"
    )


def test_s3_calls_use_the_s3api_group_and_quote_values() -> None:
    cli = render_cli("s3", "put_object", {"Bucket": "my bucket", "Key": "a b.sql"})
    assert cli == "aws s3api put-object --bucket 'my bucket' --key 'a b.sql'"


def test_run_instances_counts_as_the_cli_takes_them() -> None:
    one = {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1}
    assert (
        render_cli("ec2", "run_instances", one)
        == "aws ec2 run-instances --image-id ami-1 --count 1"
    )
    some = {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 3}
    assert render_cli("ec2", "run_instances", some).endswith("--count 1:3")


def test_secrets_at_any_depth_become_shell_variables_the_user_sets() -> None:
    params = {
        "MasterUserPassword": "hunter2hunter2",
        "MySQLSettings": {"Password": "s3cret!", "ServerName": "db.example.com"},
        "Tags": [{"Key": "secret-note", "Value": "x"}],
    }
    cli = render_cli("dms", "create_endpoint", params)
    assert "hunter2hunter2" not in cli
    assert "s3cret!" not in cli
    assert '--master-user-password "$MA_MASTER_USER_PASSWORD"' in cli
    # The JSON's single quotes close around the variable, so bash fills it in.
    assert """'{"Password":"'"$MA_PASSWORD"'","ServerName":"db.example.com"}'""" in cli
    assert "****" not in cli


def test_names_that_only_point_at_a_secret_are_shown() -> None:
    cli = render_cli(
        "dms",
        "create_endpoint",
        {"MySQLSettings": {"SecretsManagerSecretId": "arn:aws:secretsmanager:x:1:secret:db"}},
    )
    assert "arn:aws:secretsmanager:x:1:secret:db" in cli


def test_timestamps_render_as_iso_8601_the_cli_accepts() -> None:
    when = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    cli = render_cli("cloudwatch", "get_metric_statistics", {"StartTime": when})
    assert "--start-time 2026-12-01T10:30:00+00:00" in cli


def test_mask_secrets_keeps_non_secret_values() -> None:
    masked = mask_secrets({"SecretAccessKey": "abc", "Region": "eu-west-1"})
    assert masked == {"SecretAccessKey": MASK, "Region": "eu-west-1"}


def test_lists_of_strings_and_structures() -> None:
    cli = render_cli(
        "rds",
        "create_db_instance",
        {
            "VpcSecurityGroupIds": ["sg-1", "sg-2"],
            "Tags": [{"Key": "app", "Value": "migration"}],
        },
    )
    assert "--vpc-security-group-ids sg-1 sg-2" in cli
    assert """--tags '[{"Key":"app","Value":"migration"}]'""" in cli


def test_a_body_is_a_file_to_name_never_a_shell_redirection() -> None:
    assert '--body "$MA_BODY_FILE"' in render_cli("s3", "upload_part", {"Body": b"123"})
    whole = FileBody("/data/books dump.sql")
    cli = render_cli("s3", "put_object", {"Body": b"123"}, hints={"Body": whole})
    assert "--body '/data/books dump.sql'" in cli
    assert "<" not in cli


def test_a_part_is_cut_from_the_file_by_a_dd_line_above_the_command() -> None:
    part = FileBody("/data/dump.sql", offset=2 * 16 * MIB, length=16 * MIB, part_number=3)
    cli = render_cli("s3", "upload_part", {"PartNumber": 3, "Body": b""}, hints={"Body": part})
    cut, command = cli.split(" && ")
    assert cut == (
        f"dd if=/data/dump.sql of=/data/dump.sql.part-00003 bs={MIB} skip=32 count=16 status=none"
    )
    assert command.endswith("--part-number 3 --body /data/dump.sql.part-00003")


def test_a_part_off_whole_mebibytes_is_cut_by_byte_counts() -> None:
    part = FileBody("f", offset=10_000_000, length=10_000_000, part_number=2)
    assert part.cut_command() == (
        f"dd if=f of=f.part-00002 bs={MIB} skip=10000000 count=10000000 "
        "iflag=skip_bytes,count_bytes status=none"
    )


def test_connection_options_are_appended() -> None:
    cli = render_cli(
        "sts", "get_caller_identity", {}, endpoint_url="http://127.0.0.1:5000", profile="ops"
    )
    assert cli == ("aws sts get-caller-identity --endpoint-url http://127.0.0.1:5000 --profile ops")
