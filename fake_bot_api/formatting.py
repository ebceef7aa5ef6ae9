"""Telegram's text formatting: the HTML parse mode, visible text and UTF-16 entity offsets.

The HTML parser follows the rules of TDLib's parse_html (what the Bot API runs): only `<` starts markup,
a bare `&` or `>` is kept as text, only lt/gt/amp/quot and numeric character references are decoded,
and every error names its UTF-8 byte offset the way Telegram's descriptions do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .limits import UNSUPPORTED_PARSE_MODE, bad_request, cant_parse_entities

_SPACES = " \t\r\n\v\0"
_END = "\0"
# A lone <code> has no language in the Bot API; it only matters when a <pre> wraps it exactly.
_LANGUAGE = "_language"
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}


class EntityParseError(ValueError):
    """The reason part of Telegram's "can't parse entities: ..." description."""


@dataclass(frozen=True)
class FormattedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def format_text(
    raw: str, parse_mode: str | None, entities: list[dict[str, Any]] | None = None
) -> FormattedText:
    """Turn what the bot sent into the text a user sees, raising Telegram's 400s for bad markup."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(raw)
        except EntityParseError as error:
            raise bad_request(cant_parse_entities(str(error))) from None
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown is not parsed here; the text is kept verbatim so tests still see every character.
        parsed = FormattedText(raw, [dict(e) for e in entities or []] if not mode else [])
    else:
        raise bad_request(UNSUPPORTED_PARSE_MODE)
    return _strip(parsed)


def parse_html(source: str) -> FormattedText:
    parser = _HtmlParser(source)
    return parser.run()


def _strip(formatted: FormattedText) -> FormattedText:
    """Telegram trims surrounding whitespace and clips entities to what is left."""
    text = formatted.text
    stripped = text.strip()
    if stripped == text:
        return formatted
    lead = utf16_length(text[: len(text) - len(text.lstrip())])
    size = utf16_length(stripped)
    kept = []
    for entity in formatted.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, kept)


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int
    begin: int
    expandable: bool = False


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.out: list[str] = []
        self.offset = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def ch(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else _END

    def byte_offset(self, i: int) -> int:
        return len(self.src[:i].encode())

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.offset += utf16_length(text)

    def run(self) -> FormattedText:
        i = 0
        while i < len(self.src):
            c = self.src[i]
            if c == "&":
                decoded, after = _decode_reference(self.src, i)
                if decoded is not None:
                    self.emit(decoded)
                    i = after
                    continue
            if c != "<":
                self.emit(c)
                i += 1
                continue
            i = self.end_tag(i) if self.ch(i + 1) == "/" else self.start_tag(i)
        if self.stack:
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        for entity in self.entities:
            entity.pop(_LANGUAGE, None)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return FormattedText("".join(self.out), self.entities)

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        tag_end = i
        while self.ch(tag_end) not in _SPACES and self.ch(tag_end) != ">":
            tag_end += 1
        if tag_end >= len(self.src):
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = self.src[i:tag_end].lower()
        if name not in _TAG_ENTITY_TYPES:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}')
        tag = _OpenTag(name, "", self.offset, begin)
        i = tag_end
        while self.ch(i) != ">":
            i = self.attribute(tag, i)
        if name == "span" and tag.argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        if name == "tg-emoji" and not tag.argument:
            raise EntityParseError(
                f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append(tag)
        return i + 1

    def attribute(self, tag: _OpenTag, i: int) -> int:
        """Parse one attribute starting at i; return the index after it (or of the closing '>')."""
        begin = self.byte_offset(tag.begin)
        while self.ch(i) != _END and self.ch(i) in _SPACES:
            i += 1
        if self.ch(i) == ">":
            return i
        name_start = i
        while self.ch(i) not in _SPACES and self.ch(i) not in "=>":
            i += 1
        attr = self.src[name_start:i]
        if not attr:
            raise EntityParseError(f'Empty attribute name in the tag "{tag.name}" at byte offset {begin}')
        while self.ch(i) != _END and self.ch(i) in _SPACES:
            i += 1
        if self.ch(i) != "=":
            if tag.name == "blockquote" and attr == "expandable":
                tag.expandable = True
                return i
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag.name}" '
                f"at byte offset {begin}"
            )
        i += 1
        while self.ch(i) != _END and self.ch(i) in _SPACES:
            i += 1
        if self.ch(i) == _END:
            raise EntityParseError(f'Unclosed start tag "{tag.name}" at byte offset {begin}')
        value, i = self.attribute_value(i)
        if self.ch(i) == _END:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        _apply_attribute(tag, attr, value)
        return i

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.ch(i)
        if quote not in "'\"":
            start = i
            while self.ch(i).isascii() and (self.ch(i).isalnum() or self.ch(i) in ".-"):
                i += 1
            if self.ch(i) not in _SPACES and self.ch(i) != ">":
                offset = self.byte_offset(start)
                raise EntityParseError(f"Unexpected end of name token at byte offset {offset}")
            return self.src[start:i].lower(), i
        i += 1
        chars: list[str] = []
        while self.ch(i) != quote and self.ch(i) != _END:
            if self.ch(i) == "&":
                decoded, after = _decode_reference(self.src, i)
                if decoded is not None:
                    chars.append(decoded)
                    i = after
                    continue
            chars.append(self.ch(i))
            i += 1
        if self.ch(i) == quote:
            i += 1
        return "".join(chars), i

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 1
        tag_end = i
        while self.ch(tag_end) not in _SPACES and self.ch(tag_end) != ">":
            tag_end += 1
        end_name = self.src[i + 1 : tag_end].lower()
        while self.ch(tag_end) != _END and self.ch(tag_end) in _SPACES:
            tag_end += 1
        if self.ch(tag_end) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag = self.stack.pop()
        if end_name and end_name != tag.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{end_name}>"'
            )
        self.close(tag)
        return tag_end + 1

    def close(self, tag: _OpenTag) -> None:
        length = self.offset - tag.offset
        if length <= 0:
            return
        entity: dict[str, Any] = {"type": _TAG_ENTITY_TYPES[tag.name], "offset": tag.offset, "length": length}
        if tag.name == "a":
            if not tag.argument:
                return
            entity["url"] = tag.argument
        elif tag.name == "pre":
            # <pre><code class="language-x"> is how a code block declares its language.
            last = self.entities[-1] if self.entities else None
            if (
                last
                and last["type"] == "code"
                and (last["offset"], last["length"]) == (tag.offset, length)
                and last.get(_LANGUAGE)
            ):
                self.entities.pop()
                entity["language"] = last[_LANGUAGE]
        elif tag.name == "code" and tag.argument:
            entity[_LANGUAGE] = tag.argument
        elif tag.name == "blockquote" and tag.expandable:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "tg-emoji":
            entity["custom_emoji_id"] = tag.argument
        self.entities.append(entity)


def _apply_attribute(tag: _OpenTag, name: str, value: str) -> None:
    if tag.name == "a" and name == "href":
        tag.argument = value
    elif tag.name == "code" and name == "class" and value.startswith("language-"):
        tag.argument = value[len("language-") :]
    elif tag.name == "span" and name == "class" and value.startswith("tg-"):
        tag.argument = value[len("tg-") :]
    elif tag.name == "tg-emoji" and name == "emoji-id":
        tag.argument = value


def _decode_reference(src: str, pos: int) -> tuple[str | None, int]:
    """Decode an HTML character reference at src[pos] == '&'; (None, pos) if it is not one Telegram knows."""
    i = pos + 1
    if i < len(src) and src[i] == "#":
        i += 1
        base = 10
        if i < len(src) and src[i] in "xX":
            base = 16
            i += 1
        digits_start = i
        allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
        while i < len(src) and src[i] in allowed:
            i += 1
        if i == digits_start:
            return None, pos
        code = int(src[digits_start:i], base)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None, pos
        decoded = chr(code)
    else:
        start = i
        while i < len(src) and src[i].isascii() and src[i].isalpha():
            i += 1
        decoded = _NAMED_ENTITIES.get(src[start:i])
        if decoded is None:
            return None, pos
    if i < len(src) and src[i] == ";":
        i += 1
    return decoded, i
