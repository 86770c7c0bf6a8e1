package dev.casguard.backends;


/** Who ran a validation, as shown in events and metrics. */
public enum ValidationSource {
    CHECKER("checker"),
    REQUEST_PATH("request-path"),
    API("api");

    private final String label;

    ValidationSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
