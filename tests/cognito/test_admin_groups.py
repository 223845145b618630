"""Groups through the API: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups
paging, AdminAddUserToGroup, ListUsersInGroup, AdminListGroupsForUser,
AdminRemoveUserFromGroup; `cognito:groups` in the access and ID tokens in precedence
order, with the roles; and groups between the API and `cognate group`."""

import pytest

from support import attrs, claims, error_of

ROLE_A = "arn:aws:iam::000000000000:role/Admins"
ROLE_B = "arn:aws:iam::000000000000:role/Readers"


def test_group_lifecycle(admin):
    pool = admin.pool()
    g = admin.api.create_group(UserPoolId=pool, GroupName="admins", Description="Administrators", Precedence=1, RoleArn=ROLE_A)["Group"]
    assert (g["GroupName"], g["UserPoolId"], g["Description"], g["Precedence"], g["RoleArn"]) == ("admins", pool, "Administrators", 1, ROLE_A)
    assert g["CreationDate"] and g["LastModifiedDate"]
    got = admin.api.get_group(UserPoolId=pool, GroupName="admins")["Group"]
    assert {k: got[k] for k in ("GroupName", "UserPoolId", "Description", "Precedence", "RoleArn")} == \
        {"GroupName": "admins", "UserPoolId": pool, "Description": "Administrators", "Precedence": 1, "RoleArn": ROLE_A}
    with pytest.raises(admin.api.exceptions.GroupExistsException):
        admin.api.create_group(UserPoolId=pool, GroupName="admins")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.get_group(UserPoolId=pool, GroupName="nobody-home")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.create_group(UserPoolId="us-east-1_ZZZZZZZZZ", GroupName="admins")

    updated = admin.api.update_group(UserPoolId=pool, GroupName="admins", Description="Admins", Precedence=5, RoleArn=ROLE_B)["Group"]
    assert (updated["Description"], updated["Precedence"], updated["RoleArn"]) == ("Admins", 5, ROLE_B)
    got = admin.api.get_group(UserPoolId=pool, GroupName="admins")["Group"]
    assert (got["Description"], got["Precedence"], got["RoleArn"]) == ("Admins", 5, ROLE_B)
    assert got["LastModifiedDate"] >= g["LastModifiedDate"] and got["CreationDate"] == g["CreationDate"]
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.update_group(UserPoolId=pool, GroupName="nobody-home", Description="x")

    for name in ("b-team", "c-team", "d-team"):
        admin.api.create_group(UserPoolId=pool, GroupName=name)
    seen, token = [], None
    for _ in range(5):
        page = admin.api.list_groups(UserPoolId=pool, Limit=3, **({"NextToken": token} if token else {}))
        assert len(page["Groups"]) <= 3
        seen += [x["GroupName"] for x in page["Groups"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == ["admins", "b-team", "c-team", "d-team"]

    admin.api.delete_group(UserPoolId=pool, GroupName="c-team")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.get_group(UserPoolId=pool, GroupName="c-team")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.delete_group(UserPoolId=pool, GroupName="c-team")
    assert sorted(x["GroupName"] for x in admin.api.list_groups(UserPoolId=pool)["Groups"]) == ["admins", "b-team", "d-team"]


def test_membership(admin):
    pool = admin.pool()
    for name in ("admins", "readers"):
        admin.api.create_group(UserPoolId=pool, GroupName=name)
    admin.user(pool, "ana", "email=ana@example.com")
    admin.user(pool, "bob", "email=bob@example.com")
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="admins")
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="readers")
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="bob", GroupName="readers")
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="bob", GroupName="readers")  # again: no change

    members = admin.api.list_users_in_group(UserPoolId=pool, GroupName="readers")["Users"]
    assert sorted(u["Username"] for u in members) == ["ana", "bob"]
    for u in members:
        assert u["UserStatus"] == "CONFIRMED" and u["Enabled"] is True and u["UserCreateDate"] and u["UserLastModifiedDate"]
        assert attrs(u["Attributes"])["email"] == f"{u['Username']}@example.com"
    page = admin.api.list_users_in_group(UserPoolId=pool, GroupName="readers", Limit=1)
    rest = admin.api.list_users_in_group(UserPoolId=pool, GroupName="readers", Limit=1, NextToken=page["NextToken"])
    assert sorted(u["Username"] for u in page["Users"] + rest["Users"]) == ["ana", "bob"]

    groups = admin.api.admin_list_groups_for_user(UserPoolId=pool, Username="ana")["Groups"]
    assert sorted(g["GroupName"] for g in groups) == ["admins", "readers"]
    assert all(g["UserPoolId"] == pool for g in groups)

    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="nobody-home")
    with pytest.raises(admin.api.exceptions.UserNotFoundException) as e:
        admin.api.admin_add_user_to_group(UserPoolId=pool, Username="nobody", GroupName="admins")
    assert error_of(e)[1] == "User does not exist."
    with pytest.raises(admin.api.exceptions.UserNotFoundException):
        admin.api.admin_list_groups_for_user(UserPoolId=pool, Username="nobody")
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.list_users_in_group(UserPoolId=pool, GroupName="nobody-home")

    admin.api.admin_remove_user_from_group(UserPoolId=pool, Username="ana", GroupName="readers")
    assert [g["GroupName"] for g in admin.api.admin_list_groups_for_user(UserPoolId=pool, Username="ana")["Groups"]] == ["admins"]
    assert [u["Username"] for u in admin.api.list_users_in_group(UserPoolId=pool, GroupName="readers")["Users"]] == ["bob"]
    # Deleting a group ends its memberships; deleting a user ends theirs.
    admin.api.delete_group(UserPoolId=pool, GroupName="readers")
    assert admin.api.admin_list_groups_for_user(UserPoolId=pool, Username="bob")["Groups"] == []
    admin.api.admin_delete_user(UserPoolId=pool, Username="ana")
    assert admin.api.list_users_in_group(UserPoolId=pool, GroupName="admins")["Users"] == []


def test_groups_in_tokens(admin):
    pool = admin.pool()
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com")
    admin.api.create_group(UserPoolId=pool, GroupName="alpha", Precedence=10, RoleArn=ROLE_B)
    admin.api.create_group(UserPoolId=pool, GroupName="zeta", Precedence=1, RoleArn=ROLE_A)
    admin.api.create_group(UserPoolId=pool, GroupName="mid", Precedence=5)
    assert "cognito:groups" not in claims(admin.tokens(client, "ana")["AccessToken"])
    for name in ("alpha", "zeta", "mid"):
        admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName=name)

    tokens = admin.tokens(client, "ana")
    access, idt = claims(tokens["AccessToken"]), claims(tokens["IdToken"])
    assert access["cognito:groups"] == ["zeta", "mid", "alpha"], "lowest precedence first"
    assert idt["cognito:groups"] == ["zeta", "mid", "alpha"]
    assert idt["cognito:preferred_role"] == ROLE_A
    assert sorted(idt["cognito:roles"]) == sorted([ROLE_A, ROLE_B])

    # A change shows in the next tokens, refreshed ones included.
    admin.api.admin_remove_user_from_group(UserPoolId=pool, Username="ana", GroupName="zeta")
    refreshed = admin.idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                                        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})["AuthenticationResult"]
    assert claims(refreshed["AccessToken"])["cognito:groups"] == ["mid", "alpha"]
    assert claims(refreshed["IdToken"])["cognito:preferred_role"] == ROLE_B
    admin.api.update_group(UserPoolId=pool, GroupName="alpha", Precedence=0, RoleArn=ROLE_B)
    assert claims(admin.tokens(client, "ana")["IdToken"])["cognito:groups"] == ["alpha", "mid"]


def test_groups_between_the_api_and_the_cli(admin, cli):
    pool = admin.pool()
    admin.user(pool, "ana", "email=ana@example.com")
    cli("group", "create", "--pool", pool, "--name", "cli-group", "--description", "made by the CLI", "--precedence", "3")
    cli("group", "add-user", "--pool", pool, "--group", "cli-group", "--username", "ana")
    listed = admin.api.list_groups(UserPoolId=pool)["Groups"]
    assert [(g["GroupName"], g["Description"], g["Precedence"]) for g in listed] == [("cli-group", "made by the CLI", 3)]
    assert [u["Username"] for u in admin.api.list_users_in_group(UserPoolId=pool, GroupName="cli-group")["Users"]] == ["ana"]

    admin.api.create_group(UserPoolId=pool, GroupName="api-group", Description="made by the API", Precedence=7, RoleArn=ROLE_A)
    admin.api.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="api-group")
    described = cli("group", "describe", "--pool", pool, "api-group")
    assert (described["group"]["name"], described["group"]["description"], described["group"]["precedence"], described["group"]["role_arn"]) == \
        ("api-group", "made by the API", 7, ROLE_A)
    assert described["members"] == ["ana"]
    assert sorted(cli("user", "describe", "--pool", pool, "ana")["groups"]) == ["api-group", "cli-group"]
