import pytest

from drivers.url import DeviceUrl, parse_device_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "serial:///dev/ttyACM0?baud=9600&suffix=cr",
            DeviceUrl("serial", "/dev/ttyACM0", {"baud": "9600", "suffix": "cr"}),
        ),
        ("fake-scanner://", DeviceUrl("fake-scanner", "", {})),
        ("fake-scanner://?name=demo", DeviceUrl("fake-scanner", "", {"name": "demo"})),
        ("camera://0?width=1280", DeviceUrl("camera", "0", {"width": "1280"})),
        ("camera:///path/video.avi", DeviceUrl("camera", "/path/video.avi", {})),
        ("pcsc://?reader=RC-S300", DeviceUrl("pcsc", "", {"reader": "RC-S300"})),
        ("escpos+usb://04b8:0e28", DeviceUrl("escpos+usb", "04b8:0e28", {})),
        ("serial:///dev/with%20space", DeviceUrl("serial", "/dev/with space", {})),
    ],
)
def test_parse_device_url(url: str, expected: DeviceUrl) -> None:
    assert parse_device_url(url) == expected


def test_repeated_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        parse_device_url("serial:///dev/ttyACM0?baud=9600&baud=115200")
