from __future__ import annotations

from core.aws.cli import MASK, mask_secrets, render_cli


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


def test_masks_passwords_at_any_depth() -> None:
    params = {
        "MasterUserPassword": "hunter2hunter2",
        "MySQLSettings": {"Password": "s3cret!", "ServerName": "db.example.com"},
        "Tags": [{"Key": "secret-note", "Value": "x"}],
    }
    cli = render_cli("dms", "create_endpoint", params)
    assert "hunter2hunter2" not in cli
    assert "s3cret!" not in cli
    assert "--master-user-password '****'" in cli
    assert '"Password":"****"' in cli
    assert "db.example.com" in cli


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


def test_body_and_hints_replace_data() -> None:
    assert "--body <data>" in render_cli("s3", "upload_part", {"Body": b"123"})
    cli = render_cli("s3", "upload_part", {"Body": b"123"}, hints={"Body": "dump.sql"})
    assert "--body dump.sql" in cli


def test_connection_options_are_appended() -> None:
    cli = render_cli(
        "sts", "get_caller_identity", {}, endpoint_url="http://127.0.0.1:5000", profile="ops"
    )
    assert cli == ("aws sts get-caller-identity --endpoint-url http://127.0.0.1:5000 --profile ops")
