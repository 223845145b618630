"""ListUsers: Filter on every searchable attribute (username, email, phone_number, name,
given_name, family_name, preferred_username, cognito:user_status, status, sub) with `=`
and `^=` in Cognito's syntax (`email ^= "ana"`), AttributesToGet, Limit (at most 60), and
paging with PaginationToken over 135 users, with and without a filter.

The searchable attributes, the operators and the case rules are those of the ListUsers
API reference ("You can only search for the following standard attributes …; Custom
attributes aren't searchable")."""

import pytest

from support import PASSWORD, attrs, error_of

LIMIT_61 = ("1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 60")


@pytest.fixture
def people(admin):
    pool = admin.pool(Schema=[{"Name": "plan", "AttributeDataType": "String", "Mutable": True}])
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "phone_number=+15550000001", "name=Ana Lima", "given_name=Ana",
               "family_name=Lima", "preferred_username=analima", "custom:plan=pro")
    admin.api.admin_create_user(UserPoolId=pool, Username="anabel", MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": "anabel@example.org"}, {"Name": "name", "Value": "Anabel Souza"},
        {"Name": "given_name", "Value": "Anabel"}, {"Name": "family_name", "Value": "Souza"}, {"Name": "preferred_username", "Value": "bel"}])
    admin.user(pool, "bob", "email=bob@example.com", "phone_number=+15550000002", "name=Bob Stone", "given_name=Bob",
               "family_name=Stone", "preferred_username=bobby")
    admin.api.admin_disable_user(UserPoolId=pool, Username="bob")
    admin.idp.sign_up(ClientId=client, Username="carla", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "carla@example.com"}])
    subs = {u["Username"]: attrs(u["Attributes"])["sub"] for u in admin.api.list_users(UserPoolId=pool)["Users"]}
    return pool, subs


def names(admin, pool, **params):
    return sorted(u["Username"] for u in admin.api.list_users(UserPoolId=pool, **params)["Users"])


def test_filters(admin, people):
    pool, subs = people
    assert names(admin, pool) == ["ana", "anabel", "bob", "carla"]
    cases = [
        ('username = "ana"', ["ana"]), ('username ^= "ana"', ["ana", "anabel"]),
        ('email = "ana@example.com"', ["ana"]), ('email ^= "ana"', ["ana", "anabel"]),
        ('phone_number = "+15550000001"', ["ana"]), ('phone_number ^= "+1555000000"', ["ana", "bob"]),
        ('name = "Ana Lima"', ["ana"]), ('name ^= "Ana"', ["ana", "anabel"]),
        ('given_name = "Bob"', ["bob"]), ('given_name ^= "Ana"', ["ana", "anabel"]),
        ('family_name = "Souza"', ["anabel"]), ('family_name ^= "S"', ["anabel", "bob"]),
        ('preferred_username = "bobby"', ["bob"]), ('preferred_username ^= "b"', ["anabel", "bob"]),
        ('cognito:user_status = "CONFIRMED"', ["ana", "bob"]), ('cognito:user_status = "FORCE_CHANGE_PASSWORD"', ["anabel"]),
        ('cognito:user_status = "UNCONFIRMED"', ["carla"]), ('cognito:user_status ^= "FORCE"', ["anabel"]),
        ('status = "Enabled"', ["ana", "anabel", "carla"]), ('status = "Disabled"', ["bob"]), ('status ^= "Dis"', ["bob"]),
        (f'sub = "{subs["ana"]}"', ["ana"]), (f'sub ^= "{subs["bob"][:13]}"', ["bob"]),
        # No match is an empty list, not an error; an empty filter is no filter.
        ('email = "nobody@example.com"', []), ('username ^= "zz"', []), ("", ["ana", "anabel", "bob", "carla"]),
        # Spaces around the operator are optional.
        ('email="bob@example.com"', ["bob"]),
    ]
    for expression, expected in cases:
        assert names(admin, pool, Filter=expression) == expected, expression
    # cognito:user_status is case-insensitive (API reference).
    assert names(admin, pool, Filter='cognito:user_status = "confirmed"') == ["ana", "bob"]


def test_filter_refusals(admin, people):
    pool, _ = people
    for expression in ('custom:plan = "pro"', 'nickname = "x"', 'email = ana@example.com', 'email ~ "ana"', 'email'):
        with pytest.raises(admin.api.exceptions.InvalidParameterException):
            admin.api.list_users(UserPoolId=pool, Filter=expression)
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException) as e:
        admin.api.list_users(UserPoolId="us-east-1_ZZZZZZZZZ")
    assert error_of(e)[1] == "User pool us-east-1_ZZZZZZZZZ does not exist."


def test_user_shape_and_attributes_to_get(admin, people):
    pool, subs = people
    users = {u["Username"]: u for u in admin.api.list_users(UserPoolId=pool)["Users"]}
    ana = users["ana"]
    assert set(ana) >= {"Username", "Attributes", "UserCreateDate", "UserLastModifiedDate", "Enabled", "UserStatus"}
    assert (ana["UserStatus"], ana["Enabled"]) == ("CONFIRMED", True)
    assert (users["bob"]["Enabled"], users["carla"]["UserStatus"], users["anabel"]["UserStatus"]) == (False, "UNCONFIRMED", "FORCE_CHANGE_PASSWORD")
    a = attrs(ana["Attributes"])
    assert (a["sub"], a["email"], a["custom:plan"], a["family_name"]) == (subs["ana"], "ana@example.com", "pro", "Lima")

    only = admin.api.list_users(UserPoolId=pool, AttributesToGet=["email"])["Users"]
    assert sorted((u["Username"], tuple(sorted(attrs(u["Attributes"]).items()))) for u in only) == [
        ("ana", (("email", "ana@example.com"),)), ("anabel", (("email", "anabel@example.org"),)),
        ("bob", (("email", "bob@example.com"),)), ("carla", (("email", "carla@example.com"),))]
    filtered = admin.api.list_users(UserPoolId=pool, AttributesToGet=["email", "sub"], Filter='email ^= "ana"')["Users"]
    assert {u["Username"]: attrs(u["Attributes"]) for u in filtered} == {
        "ana": {"email": "ana@example.com", "sub": subs["ana"]}, "anabel": {"email": "anabel@example.org", "sub": subs["anabel"]}}


def test_limit(admin, people):
    pool, _ = people
    page = admin.api.list_users(UserPoolId=pool, Limit=3)
    assert len(page["Users"]) == 3 and page["PaginationToken"]
    rest = admin.api.list_users(UserPoolId=pool, Limit=3, PaginationToken=page["PaginationToken"])
    assert len(rest["Users"]) == 1 and "PaginationToken" not in rest
    assert sorted(u["Username"] for u in page["Users"] + rest["Users"]) == ["ana", "anabel", "bob", "carla"]
    assert len(admin.api.list_users(UserPoolId=pool, Limit=60)["Users"]) == 4
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.api.list_users(UserPoolId=pool, Limit=61)
    assert error_of(e)[1] == LIMIT_61


def collect(admin, pool, limit, **params):
    """Every page of ListUsers; returns (usernames in page order, page sizes)."""
    seen, sizes, token = [], [], None
    for _ in range(40):
        page = admin.api.list_users(UserPoolId=pool, Limit=limit, **params, **({"PaginationToken": token} if token else {}))
        sizes.append(len(page["Users"]))
        seen += [u["Username"] for u in page["Users"]]
        token = page.get("PaginationToken")
        if not token:
            return seen, sizes
    raise AssertionError(f"paging did not end: {sizes}")


# Cheap password hashes: 135 users are made here.
@pytest.mark.server_env(COGNATE_ARGON2__MEMORY_KIB="1024", COGNATE_ARGON2__ITERATIONS="1")
def test_paging_over_many_users(admin):
    pool = admin.pool()
    wanted = [f"user{i:03d}" for i in range(130)]
    for name in wanted:
        admin.api.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                                    UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
    others = [f"other{i}" for i in range(5)]
    for name in others:
        admin.api.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS",
                                    UserAttributes=[{"Name": "email", "Value": f"{name}@example.net"}])
    everyone = sorted(wanted + others)

    seen, sizes = collect(admin, pool, 60)
    assert sorted(seen) == everyone and len(seen) == len(set(seen)), "every user exactly once"
    assert sizes == [60, 60, 15]
    seen, sizes = collect(admin, pool, 25, Filter='email ^= "user"')
    assert sorted(seen) == wanted and len(seen) == 130
    assert all(s <= 25 for s in sizes) and sum(sizes) == 130
    seen, _ = collect(admin, pool, 7, Filter='email ^= "other"')
    assert sorted(seen) == others
    # Without Limit a page holds at most 60 (the API's maximum).
    first = admin.api.list_users(UserPoolId=pool)
    assert len(first["Users"]) <= 60 and first["PaginationToken"]
    # botocore's paginator walks the same pages.
    pages = admin.api.get_paginator("list_users").paginate(UserPoolId=pool, PaginationConfig={"PageSize": 50})
    assert sorted(u["Username"] for p in pages for u in p["Users"]) == everyone
    # The CLI lists the same users.
    listed = admin.server.cli("user", "list", "--pool", pool, "--limit", "200")
    assert sorted(u["username"] for u in listed) == everyone
