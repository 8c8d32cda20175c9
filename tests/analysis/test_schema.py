from __future__ import annotations

import pyarrow as pa
import pytest

from cdnet.analysis.schema import TABLES, detect_table, get_table, output_schema
from cdnet.errors import BadInput


def test_the_five_canonical_tables_of_the_contract_exist_then_messages():
    assert list(TABLES) == ["posts", "channels", "ads", "images", "notices", "messages"]


def test_messages_require_id_sender_and_time_and_refang_their_links():
    messages = TABLES["messages"]
    assert messages.required == ("message_id", "sender", "sent_at")
    assert messages.list_columns == {"recipients", "cc", "bcc", "links", "attachments"}
    assert messages.timestamp_columns == {"sent_at"}
    assert messages.refang == {"links"}


def test_a_header_with_message_columns_is_detected_as_messages():
    assert detect_table(["sent_at", "subject", "sender", "message_id"]).name == "messages"


def test_posts_require_post_account_and_time_and_type_their_columns():
    posts = TABLES["posts"]
    assert posts.required == ("post_id", "account_id", "created_at")
    assert posts.type_of("created_at") == pa.timestamp("us", tz="UTC")
    assert posts.list_columns == {"links", "mentions"}
    assert posts.timestamp_columns == {"created_at"}
    assert "url" in posts.refang and "links" in posts.refang


def test_every_contract_column_is_in_the_schema_in_order():
    assert TABLES["notices"].columns == (
        "notice_id",
        "platform",
        "content_url",
        "mechanism",
        "submitted_at",
        "category",
        "acknowledged_at",
        "decided_at",
        "outcome",
        "statement_id",
    )
    assert TABLES["ads"].timestamp_columns == {"delivery_start", "delivery_stop"}
    assert TABLES["ads"].type_of("spend_min") == pa.float64()
    assert TABLES["channels"].type_of("followers") == pa.int64()
    assert TABLES["images"].type_of("ai_label") == pa.bool_()


def test_a_header_with_post_columns_is_detected_as_posts():
    assert detect_table(["text", "created_at", "account_id", "post_id"]).name == "posts"


def test_an_images_header_that_also_names_a_post_is_still_images():
    assert detect_table(["image_id", "path", "post_id", "account_id"]).name == "images"


def test_a_header_without_any_table_s_required_columns_is_not_detected():
    assert detect_table(["id", "when", "what"]) is None


def test_unknown_table_names_are_refused_with_the_known_ones():
    with pytest.raises(BadInput, match="posts, channels, ads, images, notices"):
        get_table("tweets")


def test_pass_through_columns_follow_the_canonical_ones_as_strings():
    schema = output_schema(TABLES["images"], ["likes", "image_id"])
    assert schema.names[-1] == "likes"
    assert schema.field("likes").type == pa.string()
    assert schema.names.count("image_id") == 1
