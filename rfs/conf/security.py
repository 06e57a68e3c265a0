"""The Permissions-Policy header's features, every one refused (rfs/settings.py, "Security")."""

NO_DEVICE_FEATURES: dict[str, list[str]] = {
    key: []
    for key in [
        "accelerometer",
        "ambient-light-sensor",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
