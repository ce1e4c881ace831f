"""PromptPay QR payloads (EMVCo merchant-presented QR, as Thai banking apps read them).

Written here rather than taken from the `promptpay` package, which pulls in a GPL dependency.
The payload is a list of ID-length-value fields ending with a CRC-16/CCITT-FALSE checksum.
"""

from __future__ import annotations

from decimal import Decimal

import segno
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROMPTPAY_AID = "A000000677010111"
THB = "764"
COUNTRY = "TH"


def _field(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF), as EMVCo specifies."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def normalise_promptpay_id(raw: str) -> str:
    """Digits of a mobile number (10 digits) or a citizen/tax ID (13 digits); ValidationError otherwise."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) not in (10, 13):
        raise ValidationError(_("A PromptPay ID is a 10-digit mobile number or a 13-digit ID number."))
    return digits


def promptpay_payload(promptpay_id: str, amount: Decimal | None = None, *, reference: str = "") -> str:
    """The text a PromptPay QR code carries; with an amount, the payer's app fills it in. A reference
    (letters and digits, at most 25) goes in the additional data (tag 62, reference label 05), which
    banking apps show on the transfer slip."""
    digits = normalise_promptpay_id(promptpay_id)
    if len(digits) == 10:
        account = _field("01", "0066" + digits[1:])  # mobile: 0066 + number without its leading 0
    else:
        account = _field("02", digits)  # citizen or tax ID
    merchant = _field("00", PROMPTPAY_AID) + account
    fields = [
        _field("00", "01"),
        _field("01", "12" if amount else "11"),  # 12: single use with amount; 11: reusable
        _field("29", merchant),
        _field("58", COUNTRY),
        _field("53", THB),
    ]
    if amount:
        if amount <= 0:
            raise ValidationError(_("The amount to pay must be more than zero."))
        fields.append(_field("54", f"{amount:.2f}"))
    if reference:
        if not reference.isascii() or not reference.isalnum() or len(reference) > 25:
            raise ValueError("a PromptPay reference is at most 25 ASCII letters and digits")
        fields.append(_field("62", _field("05", reference)))
    body = "".join(fields) + "6304"
    return body + f"{crc16_ccitt(body.encode('ascii')):04X}"


def promptpay_qr_svg(
    promptpay_id: str, amount: Decimal | None = None, *, title: str = "PromptPay", reference: str = ""
) -> str:
    """An inline SVG QR code (no image request, works offline) for a PromptPay payment."""
    qr = segno.make(promptpay_payload(promptpay_id, amount, reference=reference), error="m", micro=False)
    return str(qr.svg_inline(scale=4, border=2, title=title, dark="#0b1b33", light="#ffffff"))
