"""User pools through the API: CreateUserPool with (nearly) every parameter and
DescribeUserPool's shape, UpdateUserPool (which resets what it is not given), ListUserPools
paging, AddCustomAttributes, Set/GetUserPoolMfaConfig, DeleteUserPool and deletion
protection, the pool ARN and its account ID; and pools made one way and used the other
(API ↔ `cognate pool`, API pool ↔ hosted login)."""

import datetime
import re

import pytest
from botocore.exceptions import ClientError

from support import Browser, attrs, claims, error_of, exchange_code, hosted_sign_in

POOL_ID = re.compile(r"^us-east-1_[0-9A-Za-z]+$")
STANDARD = {"sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile",
            "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale",
            "phone_number", "phone_number_verified", "address", "updated_at"}
# Cognate takes hook URLs where Cognito takes Lambda ARNs (an ARN is refused: no Lambda
# here). These pools' tests never start a custom-auth sign-in, so the hooks are not called.
LAMBDAS = {"DefineAuthChallenge": "https://hooks.example.com/define",
           "CreateAuthChallenge": "https://hooks.example.com/create",
           "VerifyAuthChallengeResponse": "https://hooks.example.com/verify"}
PROTECTED = ("The user pool cannot be deleted because deletion protection is activated. "
             "Deletion protection must be inactivated first.")


def full_pool_params(name="full pool"):
    return dict(
        PoolName=name,
        Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                                     "RequireNumbers": True, "RequireSymbols": False, "TemporaryPasswordValidityDays": 3}},
        DeletionProtection="ACTIVE",
        LambdaConfig=LAMBDAS,
        AutoVerifiedAttributes=["email"],
        AliasAttributes=["email", "preferred_username"],
        VerificationMessageTemplate={"DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailSubject": "Your Acme code",
                                     "EmailMessage": "Welcome to Acme, your code is {####}"},
        MfaConfiguration="OFF",
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": True},
        EmailConfiguration={"EmailSendingAccount": "COGNITO_DEFAULT", "ReplyToEmailAddress": "support@example.com"},
        UserPoolTags={"team": "identity", "env": "test"},
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True, "InviteMessageTemplate": {
            "EmailSubject": "Welcome to Acme", "EmailMessage": "Hi {username}, your temporary password is {####}"}},
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True,
             "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}},
            {"Name": "seats", "AttributeDataType": "Number", "Mutable": True,
             "NumberAttributeConstraints": {"MinValue": "1", "MaxValue": "500"}},
            {"Name": "tenant", "AttributeDataType": "String", "Mutable": False},
        ],
        UsernameConfiguration={"CaseSensitive": False},
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
    )


def schema_by_name(pool):
    return {a["Name"]: a for a in pool["SchemaAttributes"]}


def test_create_and_describe_a_full_pool(admin):
    created = admin.api.create_user_pool(**full_pool_params())["UserPool"]
    pool_id = created["Id"]
    assert POOL_ID.match(pool_id), pool_id
    described = admin.api.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    for p in (created, described):
        assert p["Id"] == pool_id and p["Name"] == "full pool"
        assert p["Arn"] == f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{pool_id}"
        assert isinstance(p["CreationDate"], datetime.datetime) and isinstance(p["LastModifiedDate"], datetime.datetime)
        assert abs(p["CreationDate"].timestamp() - datetime.datetime.now().timestamp()) < 120
        assert p["EstimatedNumberOfUsers"] == 0
        policy = p["Policies"]["PasswordPolicy"]
        assert {k: policy[k] for k in full_pool_params()["Policies"]["PasswordPolicy"]} == full_pool_params()["Policies"]["PasswordPolicy"]
        assert p["DeletionProtection"] == "ACTIVE"
        assert p["LambdaConfig"] == LAMBDAS
        assert p["AutoVerifiedAttributes"] == ["email"]
        assert sorted(p["AliasAttributes"]) == ["email", "preferred_username"]
        assert not p.get("UsernameAttributes")
        template = p["VerificationMessageTemplate"]
        assert (template["DefaultEmailOption"], template["EmailSubject"], template["EmailMessage"]) == (
            "CONFIRM_WITH_CODE", "Your Acme code", "Welcome to Acme, your code is {####}")
        assert p["MfaConfiguration"] == "OFF"
        assert p["DeviceConfiguration"] == {"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": True}
        assert p["EmailConfiguration"]["EmailSendingAccount"] == "COGNITO_DEFAULT"
        assert p["EmailConfiguration"]["ReplyToEmailAddress"] == "support@example.com"
        assert p["UserPoolTags"] == {"team": "identity", "env": "test"}
        assert p["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is True
        invite = p["AdminCreateUserConfig"]["InviteMessageTemplate"]
        assert (invite["EmailSubject"], invite["EmailMessage"]) == ("Welcome to Acme", "Hi {username}, your temporary password is {####}")
        assert p["UsernameConfiguration"] == {"CaseSensitive": False}
        assert p["AccountRecoverySetting"] == {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]}

        schema = schema_by_name(p)
        assert STANDARD <= set(schema), sorted(schema)
        assert {"plan", "seats", "tenant"}.isdisjoint(schema), "custom attributes carry the custom: prefix"
        assert schema["sub"] == {"Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": False, "Mutable": False,
                                 "Required": True, "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}}
        assert (schema["email"]["AttributeDataType"], schema["email"]["Required"], schema["email"]["Mutable"]) == ("String", True, True)
        assert schema["name"]["Required"] is False
        assert schema["email_verified"]["AttributeDataType"] == "Boolean"
        assert schema["updated_at"]["AttributeDataType"] == "Number"
        assert schema["custom:plan"] == {"Name": "custom:plan", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
                                         "Mutable": True, "Required": False,
                                         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "20"}}
        assert schema["custom:seats"]["AttributeDataType"] == "Number"
        assert schema["custom:seats"]["NumberAttributeConstraints"] == {"MinValue": "1", "MaxValue": "500"}
        assert schema["custom:tenant"]["Mutable"] is False


def test_a_full_pool_behaves_as_configured(admin):
    pool = admin.api.create_user_pool(**full_pool_params())["UserPool"]["Id"]
    client = admin.client(pool)
    # AllowAdminCreateUserOnly: nobody signs up.
    with pytest.raises(admin.idp.exceptions.NotAuthorizedException) as e:
        admin.idp.sign_up(ClientId=client, Username="eve", Password="Corr3ct-horse", UserAttributes=[{"Name": "email", "Value": "eve@example.com"}])
    assert error_of(e)[1] == "SignUp is not permitted for this user pool"

    # The invitation uses the pool's template.
    admin.api.admin_create_user(UserPoolId=pool, Username="ana", TemporaryPassword="Temp0rary-pw", DesiredDeliveryMediums=["EMAIL"],
                                UserAttributes=[{"Name": "email", "Value": "ana@example.com"}, {"Name": "custom:plan", "Value": "pro"},
                                                {"Name": "custom:seats", "Value": "12"}, {"Name": "custom:tenant", "Value": "acme"}])
    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Welcome to Acme"
    assert "Hi ana, your temporary password is Temp0rary-pw" in mail.text, mail.text

    # The password policy: 10 characters, no symbol needed.
    with pytest.raises(admin.api.exceptions.InvalidPasswordException) as e:
        admin.api.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Sh0rtpass", Permanent=True)
    assert "Password not long enough" in error_of(e)[1], error_of(e)
    admin.api.admin_set_user_password(UserPoolId=pool, Username="ana", Password="L0ng-enough", Permanent=True)

    # Custom attributes: constraints and immutability.
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "custom:seats", "Value": "501"}])
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "custom:plan", "Value": "x" * 21}])
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "custom:tenant", "Value": "other"}])
    user = attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])
    assert (user["custom:plan"], user["custom:seats"], user["custom:tenant"]) == ("pro", "12", "acme")

    # The email is an alias once verified (AdminCreateUser marks nothing verified by itself).
    admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "email_verified", "Value": "true"}])
    tokens = admin.tokens(client, "ana@example.com", "L0ng-enough")
    assert claims(tokens["AccessToken"])["username"] == "ana"
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["EstimatedNumberOfUsers"] == 1


def test_describe_an_unknown_pool(admin):
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException) as e:
        admin.api.describe_user_pool(UserPoolId="us-east-1_ZZZZZZZZZ")
    assert error_of(e)[1] == "User pool us-east-1_ZZZZZZZZZ does not exist."


def test_update_user_pool(admin):
    params = full_pool_params()
    pool = admin.api.create_user_pool(**params)["UserPool"]
    pool_id, created = pool["Id"], pool["LastModifiedDate"]
    admin.api.update_user_pool(
        UserPoolId=pool_id, PoolName="renamed pool",
        Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": False, "RequireLowercase": True,
                                     "RequireNumbers": False, "RequireSymbols": True, "TemporaryPasswordValidityDays": 5}},
        DeletionProtection="INACTIVE", AutoVerifiedAttributes=["email"],
        VerificationMessageTemplate={"DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailSubject": "New subject",
                                     "EmailMessage": "New code {####}"},
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": False},
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": False}, UserPoolTags={"team": "platform"},
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]})
    p = admin.api.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert p["Name"] == "renamed pool"
    policy = p["Policies"]["PasswordPolicy"]
    assert (policy["MinimumLength"], policy["RequireUppercase"], policy["RequireSymbols"], policy["TemporaryPasswordValidityDays"]) == (12, False, True, 5)
    assert p["DeletionProtection"] == "INACTIVE"
    assert (p["VerificationMessageTemplate"]["EmailSubject"], p["VerificationMessageTemplate"]["EmailMessage"]) == ("New subject", "New code {####}")
    assert p["DeviceConfiguration"] == {"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": False}
    assert p["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert p["AccountRecoverySetting"] == {"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]}
    assert p["UserPoolTags"] == {"team": "platform"}
    # "If you don't provide a value for an attribute, Amazon Cognito sets it to its default
    # value" (UpdateUserPool): the Lambda triggers were not given, so they are gone.
    assert p["LambdaConfig"] == {}
    # What UpdateUserPool cannot change stays: schema, aliases, case sensitivity.
    assert "custom:plan" in schema_by_name(p) and sorted(p["AliasAttributes"]) == ["email", "preferred_username"]
    assert p["UsernameConfiguration"] == {"CaseSensitive": False}
    assert p["LastModifiedDate"] >= created and p["CreationDate"] == pool["CreationDate"]

    # The new settings apply: sign-up is open again and mails the new template.
    client = admin.client(pool_id)
    admin.idp.sign_up(ClientId=client, Username="bob", Password="corr3ct-horse-staple!",
                      UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    mail = admin.smtp.wait_for_mail("bob@example.com")
    assert mail.subject == "New subject" and "New code " in mail.text, mail


def test_update_an_unknown_pool(admin):
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException) as e:
        admin.api.update_user_pool(UserPoolId="us-east-1_ZZZZZZZZZ", MfaConfiguration="OFF")
    assert error_of(e)[1] == "User pool us-east-1_ZZZZZZZZZ does not exist."


def test_list_user_pools_pages(admin, cli):
    made = {admin.pool(f"pool {i}") for i in range(5)}
    made.add(cli("pool", "create", "--name", "cli pool")["id"])
    seen, token, pages = [], None, 0
    while True:
        page = admin.api.list_user_pools(MaxResults=2, **({"NextToken": token} if token else {}))
        pages += 1
        assert len(page["UserPools"]) <= 2
        for p in page["UserPools"]:
            assert set(p) >= {"Id", "Name", "LambdaConfig", "CreationDate", "LastModifiedDate"}, p
            assert "Policies" not in p and "SchemaAttributes" not in p, "the list carries descriptions, not whole pools"
        seen += [p["Id"] for p in page["UserPools"]]
        token = page.get("NextToken")
        if not token:
            break
        assert pages < 10, "paging does not end"
    assert sorted(seen) == sorted(made), "every pool exactly once"
    # 2 + 2 + 2; a last, empty page after a full one is allowed (services may not know).
    assert pages in (3, 4), pages
    everything = admin.api.list_user_pools(MaxResults=60)
    assert {p["Id"] for p in everything["UserPools"]} == made and "NextToken" not in everything
    names = {p["Id"]: p["Name"] for p in everything["UserPools"]}
    assert sorted(names.values()) == sorted([f"pool {i}" for i in range(5)] + ["cli pool"])
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.api.list_user_pools(MaxResults=61)
    assert error_of(e)[1] == ("1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: "
                              "Member must have value less than or equal to 60")


def test_add_custom_attributes(admin):
    pool = admin.pool()
    admin.api.add_custom_attributes(UserPoolId=pool, CustomAttributes=[
        {"Name": "tier", "AttributeDataType": "String", "Mutable": True, "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "10"}},
        {"Name": "score", "AttributeDataType": "Number", "Mutable": True}])
    schema = schema_by_name(admin.api.describe_user_pool(UserPoolId=pool)["UserPool"])
    assert schema["custom:tier"]["AttributeDataType"] == "String"
    assert schema["custom:tier"]["StringAttributeConstraints"] == {"MinLength": "0", "MaxLength": "10"}
    assert schema["custom:score"]["AttributeDataType"] == "Number"
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.add_custom_attributes(UserPoolId=pool, CustomAttributes=[{"Name": "tier", "AttributeDataType": "String"}])

    admin.user(pool, "ana", "custom:tier=gold", "custom:score=42")
    assert attrs(admin.api.admin_get_user(UserPoolId=pool, Username="ana")["UserAttributes"])["custom:tier"] == "gold"
    with pytest.raises(admin.api.exceptions.InvalidParameterException):
        admin.api.admin_update_user_attributes(UserPoolId=pool, Username="ana", UserAttributes=[{"Name": "custom:nope", "Value": "x"}])
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.add_custom_attributes(UserPoolId="us-east-1_ZZZZZZZZZ", CustomAttributes=[{"Name": "x", "AttributeDataType": "String"}])


def test_user_pool_mfa_config(admin):
    pool = admin.pool(EmailConfiguration={"EmailSendingAccount": "DEVELOPER", "From": "Acme <no-reply@example.com>",
                                          "SourceArn": "arn:aws:ses:us-east-1:000000000000:identity/no-reply@example.com"})
    assert admin.api.get_user_pool_mfa_config(UserPoolId=pool)["MfaConfiguration"] == "OFF"
    answer = admin.api.set_user_pool_mfa_config(
        UserPoolId=pool, MfaConfiguration="OPTIONAL", SoftwareTokenMfaConfiguration={"Enabled": True},
        EmailMfaConfiguration={"Message": "Your Acme sign-in code is {####}", "Subject": "Acme sign-in code"})
    got = admin.api.get_user_pool_mfa_config(UserPoolId=pool)
    for r in (answer, got):
        assert r["MfaConfiguration"] == "OPTIONAL"
        assert r["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
        assert r["EmailMfaConfiguration"] == {"Message": "Your Acme sign-in code is {####}", "Subject": "Acme sign-in code"}
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["MfaConfiguration"] == "OPTIONAL"

    # An email-MFA user of this pool gets the configured message.
    client = admin.client(pool)
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true")
    admin.api.admin_set_user_mfa_preference(UserPoolId=pool, Username="ana", EmailMfaSettings={"Enabled": True, "PreferredMfa": True})
    r = admin.password_auth(client, "ana")
    assert r["ChallengeName"] == "EMAIL_OTP", r
    mail = admin.smtp.wait_for_mail("ana@example.com")
    assert mail.subject == "Acme sign-in code" and "Your Acme sign-in code is " in mail.text, mail
    done = admin.idp.respond_to_auth_challenge(ClientId=client, ChallengeName="EMAIL_OTP", Session=r["Session"],
                                               ChallengeResponses={"USERNAME": "ana", "EMAIL_OTP_CODE": mail.code()})
    assert done["AuthenticationResult"]["AccessToken"]

    admin.api.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OFF")
    assert admin.api.get_user_pool_mfa_config(UserPoolId=pool)["MfaConfiguration"] == "OFF"
    assert "AuthenticationResult" in admin.password_auth(client, "ana")


def test_delete_user_pool_and_deletion_protection(admin, cli):
    pool = admin.pool(DeletionProtection="ACTIVE")
    client = admin.client(pool)
    admin.user(pool, "ana")
    with pytest.raises(admin.api.exceptions.InvalidParameterException) as e:
        admin.api.delete_user_pool(UserPoolId=pool)
    assert error_of(e)[1] == PROTECTED
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["Id"] == pool
    assert admin.tokens(client, "ana")["AccessToken"]

    admin.api.update_user_pool(UserPoolId=pool, DeletionProtection="INACTIVE")
    admin.api.delete_user_pool(UserPoolId=pool)
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException) as e:
        admin.api.describe_user_pool(UserPoolId=pool)
    assert error_of(e)[1] == f"User pool {pool} does not exist."
    with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
        admin.api.delete_user_pool(UserPoolId=pool)
    with pytest.raises(admin.idp.exceptions.ResourceNotFoundException):
        admin.password_auth(client, "ana")
    assert pool not in [p["id"] for p in cli("pool", "list")]


def test_a_pool_made_by_the_api_in_the_cli_and_the_hosted_login(admin, cli):
    params = full_pool_params("api pool")
    params["AdminCreateUserConfig"] = {"AllowAdminCreateUserOnly": False}
    pool = admin.api.create_user_pool(**params)["UserPool"]["Id"]
    described = cli("pool", "describe", pool)
    assert (described["id"], described["name"]) == (pool, "api pool")
    s = described["settings"]
    assert (s["password_policy"]["minimum_length"], s["password_policy"]["require_symbols"],
            s["password_policy"]["temporary_password_validity_days"]) == (10, False, 3)
    assert s["auto_verified_attributes"] == ["email"]
    assert sorted(s["alias_attributes"]) == ["email", "preferred_username"]
    assert s["mfa_configuration"] == "OFF"
    schema = {a["name"]: a for a in s["schema"]}
    assert schema["custom:plan"]["max_length"] == 20 and schema["email"]["required"] is True
    assert pool in [p["id"] for p in cli("pool", "list")]

    client, secret = admin.client(pool, secret=True, name="web")
    admin.user(pool, "ana", "email=ana@example.com", "email_verified=true", "custom:plan=pro", password="L0ng-enough")
    browser = Browser(admin.url)
    code, verifier = hosted_sign_in(browser, f"/{pool}", client, "ana", "L0ng-enough")
    tokens = exchange_code(browser, f"/{pool}", client, code, verifier, secret=secret)
    idt = claims(tokens["id_token"])
    assert (idt["cognito:username"], idt["email"], idt["aud"], idt["iss"]) == ("ana", "ana@example.com", client, f"{admin.url}/{pool}")


def test_a_pool_made_by_the_cli_described_by_the_api(admin, cli):
    pool = cli("pool", "create", "--name", "cli pool", "--password-min-length", "12", "--password-require", "upper,lower",
               "--temporary-password-days", "2", "--username-attributes", "email", "--auto-verify", "email",
               "--mfa", "OPTIONAL", "--mfa-factors", "SOFTWARE_TOKEN_MFA", "--custom-attribute", "plan:String:max=20",
               "--required-attribute", "email")["id"]
    p = admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]
    assert (p["Id"], p["Name"]) == (pool, "cli pool")
    assert p["Arn"] == f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{pool}"
    policy = p["Policies"]["PasswordPolicy"]
    assert (policy["MinimumLength"], policy["RequireUppercase"], policy["RequireLowercase"], policy["RequireNumbers"],
            policy["RequireSymbols"], policy["TemporaryPasswordValidityDays"]) == (12, True, True, False, False, 2)
    assert p["UsernameAttributes"] == ["email"] and not p.get("AliasAttributes")
    assert p["AutoVerifiedAttributes"] == ["email"]
    assert p["MfaConfiguration"] == "OPTIONAL"
    assert p["UsernameConfiguration"] == {"CaseSensitive": False}
    schema = schema_by_name(p)
    assert schema["custom:plan"]["StringAttributeConstraints"]["MaxLength"] == "20"
    assert schema["email"]["Required"] is True
    mfa = admin.api.get_user_pool_mfa_config(UserPoolId=pool)
    assert mfa["MfaConfiguration"] == "OPTIONAL" and mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert pool in [x["Id"] for x in admin.api.list_user_pools(MaxResults=10)["UserPools"]]


@pytest.mark.server_env(COGNATE_ACCOUNT_ID="123456789012")
def test_the_account_id_setting(admin):
    pool = admin.pool()
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["Arn"] == f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool}"
    arn = f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool}"
    admin.api.tag_resource(ResourceArn=arn, Tags={"k": "v"})
    assert admin.api.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"k": "v"}
    with pytest.raises(ClientError) as e:
        admin.api.list_tags_for_resource(ResourceArn=f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{pool}")
    assert error_of(e)[0] == "ResourceNotFoundException"
