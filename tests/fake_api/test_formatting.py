"""The HTML parse mode as TDLib implements it: entities, offsets and error descriptions."""

from __future__ import annotations

import pytest

from fake_bot_api import TelegramError
from fake_bot_api.formatting import EntityParseError, format_text, parse_html


def entities(html: str) -> list[tuple[str, int, int]]:
    return [(e["type"], e["offset"], e["length"]) for e in parse_html(html).entities]


def test_offsets_are_utf16_code_units() -> None:
    parsed = parse_html("😀<b>粗</b><i>x</i>")
    assert parsed.text == "😀粗x"
    assert entities("😀<b>粗</b><i>x</i>") == [("bold", 2, 1), ("italic", 3, 1)]


def test_all_supported_tags() -> None:
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>"
        '<del>d</del><tg-spoiler>p</tg-spoiler><span class="tg-spoiler">q</span><code>c</code>'
        "<blockquote>z</blockquote><blockquote expandable>y</blockquote>"
    )
    kinds = [kind for kind, _, _ in entities(html)]
    assert kinds == [
        "bold",
        "bold",
        "italic",
        "italic",
        "underline",
        "underline",
        "strikethrough",
        "strikethrough",
        "strikethrough",
        "spoiler",
        "spoiler",
        "code",
        "blockquote",
        "expandable_blockquote",
    ]


def test_links_code_blocks_and_custom_emoji_carry_their_arguments() -> None:
    html = (
        '<a href="https://e.org/?a=1&amp;b=2">link</a>'
        '<pre><code class="language-python">print(1)</code></pre>'
        '<code class="language-sql">x</code>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    link, pre, code, emoji = parse_html(html).entities
    assert link == {"type": "text_link", "offset": 0, "length": 4, "url": "https://e.org/?a=1&b=2"}
    assert pre == {"type": "pre", "offset": 4, "length": 8, "language": "python"}
    assert code == {"type": "code", "offset": 12, "length": 1}
    assert emoji["custom_emoji_id"] == "5368324170671202286"


def test_references_and_bare_characters() -> None:
    # Like Telegram, a bare & or > is text and unknown named references stay as written.
    assert (
        parse_html("a & b > c &nbsp; &#39;x&#x27; &lt;&gt;&amp;&quot;").text == "a & b > c &nbsp; 'x' <>&\""
    )
    assert parse_html("<B>loud</B>").entities == [{"type": "bold", "offset": 0, "length": 4}]


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("é<x>", 'Unsupported start tag "x" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
        ("<a href=https://x.org>x</a>", "Unexpected end of name token at byte offset 8"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<tg-emoji>x</tg-emoji>", 'Tag "tg-emoji" must have attribute "emoji-id" at byte offset 0'),
    ],
)
def test_error_descriptions(html: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(html)
    assert str(raised.value) == reason


def test_format_text_strips_and_clips_entities() -> None:
    formatted = format_text("\n <b> bold </b>\n", "HTML")
    assert formatted.text == "bold"
    assert formatted.entities == [{"type": "bold", "offset": 0, "length": 4}]


def test_parse_modes() -> None:
    assert format_text("*kept* _as_ is", "MarkdownV2").text == "*kept* _as_ is"
    assert format_text("<b>x</b>", "html").text == "x"
    with pytest.raises(TelegramError, match="unsupported parse_mode"):
        format_text("x", "BBCode")
