"""Tags on a user pool, addressed by its ARN (arn:aws:cognito-idp:us-east-1:000000000000:
userpool/{id}): TagResource, UntagResource, ListTagsForResource, and UserPoolTags of
CreateUserPool / DescribeUserPool."""

import pytest
from botocore.exceptions import ClientError

from support import error_of


def arn(pool, account="000000000000"):
    return f"arn:aws:cognito-idp:us-east-1:{account}:userpool/{pool}"


def test_tags(admin):
    pool = admin.pool(UserPoolTags={"team": "identity"})
    other = admin.pool("other pool")
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["Arn"] == arn(pool)
    assert admin.api.list_tags_for_resource(ResourceArn=arn(pool))["Tags"] == {"team": "identity"}

    admin.api.tag_resource(ResourceArn=arn(pool), Tags={"env": "test", "team": "platform"})
    assert admin.api.list_tags_for_resource(ResourceArn=arn(pool))["Tags"] == {"team": "platform", "env": "test"}
    assert admin.api.describe_user_pool(UserPoolId=pool)["UserPool"]["UserPoolTags"] == {"team": "platform", "env": "test"}
    assert admin.api.list_tags_for_resource(ResourceArn=arn(other)).get("Tags", {}) == {}, "tags belong to one pool"

    admin.api.untag_resource(ResourceArn=arn(pool), TagKeys=["team", "never-set"])
    assert admin.api.list_tags_for_resource(ResourceArn=arn(pool))["Tags"] == {"env": "test"}
    admin.api.untag_resource(ResourceArn=arn(pool), TagKeys=["env"])
    assert admin.api.list_tags_for_resource(ResourceArn=arn(pool)).get("Tags", {}) == {}
    assert not admin.api.describe_user_pool(UserPoolId=pool)["UserPool"].get("UserPoolTags")


def test_tag_refusals(admin):
    pool = admin.pool()
    for call in (lambda: admin.api.list_tags_for_resource(ResourceArn=arn("us-east-1_ZZZZZZZZZ")),
                 lambda: admin.api.tag_resource(ResourceArn=arn("us-east-1_ZZZZZZZZZ"), Tags={"a": "b"}),
                 lambda: admin.api.untag_resource(ResourceArn=arn("us-east-1_ZZZZZZZZZ"), TagKeys=["a"])):
        with pytest.raises(admin.api.exceptions.ResourceNotFoundException):
            call()
    # Another account's ARN for this pool's ID is not this pool.
    with pytest.raises(ClientError) as e:
        admin.api.tag_resource(ResourceArn=arn(pool, "111122223333"), Tags={"a": "b"})
    assert error_of(e)[0] in ("ResourceNotFoundException", "InvalidParameterException"), error_of(e)
    with pytest.raises(ClientError) as e:
        admin.api.list_tags_for_resource(ResourceArn="arn:aws:s3:::some-bucket")
    assert error_of(e)[0] in ("ResourceNotFoundException", "InvalidParameterException"), error_of(e)
    # A user pool holds at most 50 tags.
    with pytest.raises(ClientError) as e:
        admin.api.tag_resource(ResourceArn=arn(pool), Tags={f"k{i}": "v" for i in range(51)})
    assert error_of(e)[0] in ("InvalidParameterException", "LimitExceededException"), error_of(e)
    assert admin.api.list_tags_for_resource(ResourceArn=arn(pool)).get("Tags", {}) == {}
