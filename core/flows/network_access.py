"""Network access: VPC choices, security groups, the 3306 rule, and the on-prem side.

The replication instance must reach the target on TCP 3306 (a rule in the target's security
group, added here by ``NetworkAccessFlow``) and the on-prem source (a change the source's
admin makes; we print it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.aws import EC2, AwsCall, AwsDoor, aws_call
from core.errors import AlreadyExists, ValidationError
from core.flows import input_checks as check
from core.flows.context import Created, FlowContext
from core.flows.shape import Flow, PlannedCall, all_problems
from core.ledger import ResourceKind

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import (
        AuthorizeSecurityGroupIngressResultTypeDef,
        CreateSecurityGroupRequestTypeDef,
        IpPermissionTypeDef,
    )

__all__ = [
    "NetworkAccessFlow",
    "NetworkAccessInputs",
    "RuleResult",
    "SecurityGroup",
    "Subnet",
    "Vpc",
    "allow_mysql_from_replication_instance",
    "authorize_rule_call",
    "default_vpc_id",
    "ensure_security_group",
    "every_subnet_hint",
    "ingress_permission",
    "list_security_groups",
    "list_subnets",
    "list_vpcs",
    "onprem_instructions",
    "rule_details",
    "security_group_params",
]

MYSQL_PORT = 3306


@dataclass(frozen=True)
class Vpc:
    vpc_id: str
    cidr: str
    is_default: bool
    name: str = ""

    @property
    def label(self) -> str:
        parts = [self.name or self.vpc_id, self.cidr]
        if self.is_default:
            parts.append("default")
        return " - ".join(parts)


@dataclass(frozen=True)
class Subnet:
    subnet_id: str
    vpc_id: str
    zone: str
    cidr: str


@dataclass(frozen=True)
class SecurityGroup:
    group_id: str
    name: str
    vpc_id: str
    description: str = ""


def _name_tag(item: dict[str, Any]) -> str:
    for tag in item.get("Tags", []):
        if tag.get("Key") == "Name":
            return str(tag.get("Value", ""))
    return ""


async def list_vpcs(door: AwsDoor) -> list[Vpc]:
    """VPCs in the region, the default one first."""
    vpcs = await door.collect(
        EC2.describe_vpcs, "Vpcs", token_in="NextToken", token_out="NextToken"
    )
    found = [
        Vpc(v["VpcId"], v.get("CidrBlock", ""), bool(v.get("IsDefault")), _name_tag(v))
        for v in vpcs
    ]
    return sorted(found, key=lambda vpc: (not vpc.is_default, vpc.vpc_id))


async def default_vpc_id(door: AwsDoor) -> str:
    for vpc in await list_vpcs(door):
        if vpc.is_default:
            return vpc.vpc_id
    raise ValidationError(
        "vpc",
        "This region has no default VPC.",
        "Choose a VPC from the list, or create one in the VPC console.",
    )


async def list_subnets(door: AwsDoor, vpc_id: str) -> list[Subnet]:
    subnets = await door.collect(
        EC2.describe_subnets,
        "Subnets",
        token_in="NextToken",
        token_out="NextToken",
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}],
    )
    return sorted(
        (
            Subnet(s["SubnetId"], s["VpcId"], s.get("AvailabilityZone", ""), s.get("CidrBlock", ""))
            for s in subnets
        ),
        key=lambda subnet: (subnet.zone, subnet.subnet_id),
    )


async def list_security_groups(door: AwsDoor, vpc_id: str) -> list[SecurityGroup]:
    groups = await door.collect(
        EC2.describe_security_groups,
        "SecurityGroups",
        token_in="NextToken",
        token_out="NextToken",
        Filters=[{"Name": "vpc-id", "Values": [vpc_id]}],
    )
    return sorted(
        (
            SecurityGroup(
                g["GroupId"], g["GroupName"], g.get("VpcId", ""), g.get("Description", "")
            )
            for g in groups
        ),
        key=lambda group: group.name,
    )


def every_subnet_hint(vpc_id: str) -> str:
    """How a review shows the subnet ids a new subnet group will take."""
    return f"<every subnet of {vpc_id or 'the default VPC'}>"


def security_group_params(
    name: str, vpc_id: str, description: str
) -> CreateSecurityGroupRequestTypeDef:
    return {"GroupName": name, "Description": description, "VpcId": vpc_id or "<default VPC>"}


async def ensure_security_group(ctx: FlowContext, name: str, vpc_id: str, description: str) -> str:
    """The id of the group ``name`` in ``vpc_id``; created (and recorded) when missing."""
    for group in await list_security_groups(ctx.door, vpc_id):
        if group.name == name:
            ctx.report.note(f"Using the existing security group {name} ({group.group_id}).")
            return group.group_id
    created = await ctx.create(
        ResourceKind.SECURITY_GROUP,
        name,
        lambda: ctx.door.call(
            EC2.create_security_group, **security_group_params(name, vpc_id, description)
        ),
        lambda answer: Created(str(answer["GroupId"])),
        details={"name": name, "vpc_id": vpc_id},
    )
    return str(created["GroupId"])


@dataclass(frozen=True)
class RuleResult:
    """``added`` False when the same rule was already there (nothing changed)."""

    group_id: str
    source: str
    port: int
    added: bool
    message: str


def ingress_permission(details: dict[str, str]) -> IpPermissionTypeDef:
    """The ``IpPermissions`` item for a rule as the ledger stores it (also used to revoke)."""
    port = int(details.get("port", MYSQL_PORT))
    permission: IpPermissionTypeDef = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if details.get("cidr"):
        permission["IpRanges"] = [
            {"CidrIp": details["cidr"], "Description": "AWS DMS replication instance"}
        ]
    else:
        permission["UserIdGroupPairs"] = [
            {"GroupId": details["source_group_id"], "Description": "AWS DMS replication instance"}
        ]
    return permission


def _check_one_source(private_ip: str, source_group_id: str) -> None:
    if bool(private_ip) == bool(source_group_id):
        raise ValidationError(
            "rule_source",
            "Choose one source: the replication instance's private IP or its security group.",
        )


def rule_details(
    target_group_id: str, *, private_ip: str = "", source_group_id: str = "", port: int = MYSQL_PORT
) -> dict[str, str]:
    """The rule as the ledger stores it: from ``private_ip``/32 when given, else from the
    group ``source_group_id``."""
    details = {"group_id": target_group_id, "port": str(port)}
    if private_ip:
        details["cidr"] = f"{private_ip}/32"
    else:
        details["source_group_id"] = source_group_id
    return details


def authorize_rule_call(
    details: dict[str, str],
) -> AwsCall[AuthorizeSecurityGroupIngressResultTypeDef]:
    """The call that adds the rule ``details`` describes (``rule_details``)."""
    return aws_call(
        EC2.authorize_security_group_ingress,
        GroupId=details["group_id"],
        IpPermissions=[ingress_permission(details)],
    )


async def allow_mysql_from_replication_instance(
    ctx: FlowContext,
    target_group_id: str,
    *,
    private_ip: str = "",
    source_group_id: str = "",
    port: int = MYSQL_PORT,
) -> RuleResult:
    """Let the replication instance (its ``private_ip`` /32, or its security group) reach the
    target's group on ``port``. An identical rule already there is left as it is."""
    _check_one_source(private_ip, source_group_id)
    details = rule_details(
        target_group_id, private_ip=private_ip, source_group_id=source_group_id, port=port
    )
    source = details.get("cidr") or source_group_id
    fallback_id = f"{target_group_id}:tcp/{port}:{source}"

    def rule_id(response: AuthorizeSecurityGroupIngressResultTypeDef) -> Created:
        rules = response.get("SecurityGroupRules") or []
        found = rules[0].get("SecurityGroupRuleId") if rules else None
        return Created(str(found or fallback_id))

    try:
        await ctx.create(
            ResourceKind.SECURITY_GROUP_RULE,
            fallback_id,
            lambda: ctx.door.run(authorize_rule_call(details)),
            rule_id,
            details=details,
        )
    except AlreadyExists as error:
        if error.code != "InvalidPermission.Duplicate":
            raise
        message = f"TCP {port} from {source} into {target_group_id} is already there."
        ctx.report.note(message)
        return RuleResult(target_group_id, source, port, False, message)
    message = f"Added TCP {port} from {source} into {target_group_id}."
    ctx.report.note(message)
    return RuleResult(target_group_id, source, port, True, message)


@dataclass(frozen=True)
class NetworkAccessInputs:
    """The target's security group and one source: the replication instance's
    ``private_ip`` or its security group ``source_group_id``."""

    target_group_id: str
    private_ip: str = ""
    source_group_id: str = ""
    port: int = MYSQL_PORT

    def rule_details(self) -> dict[str, str]:
        return rule_details(
            self.target_group_id,
            private_ip=self.private_ip,
            source_group_id=self.source_group_id,
            port=self.port,
        )


def _check_target_group(group_id: str) -> None:
    if not group_id:
        raise ValidationError("target_group", "Choose the target database's security group.")


class NetworkAccessFlow(Flow[NetworkAccessInputs, RuleResult]):
    """The inbound rule into the target's group; the on-prem side is ``onprem_instructions``
    (the app cannot change the source's server)."""

    key = "network-access"

    def problems(self) -> dict[str, str]:
        inputs = self.inputs
        return all_problems(
            lambda: _check_target_group(inputs.target_group_id),
            lambda: _check_one_source(inputs.private_ip, inputs.source_group_id),
            lambda: check.validate_port(inputs.port),
        )

    def plan(self) -> list[PlannedCall]:
        return [
            PlannedCall(
                authorize_rule_call(self.inputs.rule_details()),
                "If the same rule is already there, AWS refuses it and nothing changes:",
            )
        ]

    async def run(self, ctx: FlowContext) -> RuleResult:
        inputs = self.inputs
        return await allow_mysql_from_replication_instance(
            ctx,
            inputs.target_group_id,
            private_ip=inputs.private_ip,
            source_group_id=inputs.source_group_id,
            port=inputs.port,
        )


def onprem_instructions(
    public_ip: str,
    *,
    db_user: str = "dms_user",
    database: str = "",
    server_name: str = "",
    port: int = MYSQL_PORT,
    engine: str = "mysql",
) -> str:
    """What the source's admin must change, as copyable text (no secrets in it)."""
    where = f" on {server_name}" if server_name else ""
    tables = f"`{database}`.*" if database else "*.*"
    monitor = "BINLOG MONITOR" if engine == "mariadb" else "REPLICATION CLIENT"
    rich_rule = (
        f'rule family="ipv4" source address="{public_ip}/32" '
        f'port protocol="tcp" port="{port}" accept'
    )
    return "\n".join(
        [
            f"Changes for the database administrator{where}",
            f"(AWS DMS connects from {public_ip}, the replication instance's public IP)",
            "",
            f"1. Firewall: allow incoming TCP {port} from {public_ip} only.",
            f"   ufw:       sudo ufw allow from {public_ip} to any port {port} proto tcp",
            f"   firewalld: sudo firewall-cmd --permanent --add-rich-rule='{rich_rule}'",
            "              sudo firewall-cmd --reload",
            '   Windows:   New-NetFirewallRule -DisplayName "AWS DMS" -Direction Inbound '
            f"-Protocol TCP -LocalPort {port} -RemoteAddress {public_ip} -Action Allow",
            f"   Also open TCP {port} on any router, NAT or firewall in front of the server.",
            "",
            "2. Listen on the network, not only on localhost: in my.cnf under [mysqld] set",
            "   bind-address = 0.0.0.0",
            "   (or the server's own address), then restart MySQL.",
            "",
            f"3. Let the DMS user connect from {public_ip}:",
            f"   CREATE USER '{db_user}'@'{public_ip}' IDENTIFIED BY '<choose a password>';",
            f"   GRANT SELECT ON {tables} TO '{db_user}'@'{public_ip}';",
            f"   GRANT {monitor}, REPLICATION SLAVE ON *.* TO '{db_user}'@'{public_ip}';",
            "   (the second grant is needed only for ongoing replication)",
            "",
            "4. For ongoing replication: binary logging on, binlog_format=ROW,",
            "   binlog_row_image=FULL and server_id of 1 or more.",
        ]
    )
