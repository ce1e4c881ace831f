from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chumchon.core.promptpay import crc16_ccitt, promptpay_payload, promptpay_qr_svg


def test_it_computes_the_ccitt_false_check_value():
    # The standard check value of CRC-16/CCITT-FALSE for "123456789".
    assert crc16_ccitt(b"123456789") == 0x29B1


def test_it_matches_the_public_reference_payload():
    # The example that Thai PromptPay QR libraries publish: mobile 000-000-0000, 4.22 baht.
    expected = "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469"
    assert promptpay_payload("000-000-0000", Decimal("4.22")) == expected


def test_it_encodes_a_mobile_number_without_amount():
    payload = promptpay_payload("081-234-5678")
    assert payload.startswith("000201010211")
    assert "29370016A000000677010111011300668123456785802TH5303764" in payload
    assert payload[-8:-4] == "6304"
    assert int(payload[-4:], 16) == crc16_ccitt(payload[:-4].encode())


def test_it_encodes_an_id_number_with_an_amount():
    payload = promptpay_payload("1234567890123", Decimal("1250"))
    assert payload.startswith("000201010212")
    assert "0213" + "1234567890123" in payload
    assert "54071250.00" in payload
    assert "5802TH" in payload


def test_it_refuses_what_is_not_a_promptpay_id():
    with pytest.raises(ValidationError):
        promptpay_payload("12345")


def test_it_draws_an_inline_svg():
    svg = promptpay_qr_svg("0812345678", Decimal("99.50"))
    assert svg.startswith("<svg") and "</svg>" in svg
