package dev.casguard.backends;

/** A backend's last known state; the constants carry the API's spelling. */
public enum ValidationStatus {
    OK,
    Invalid
}
