package dev.casguard.providers;

/** What a provider check found: success, or a short reason free of secrets. */
public record CheckResult(boolean ok, String error) {

    private static final int MAX_ERROR = 512;

    public static CheckResult passed() {
        return new CheckResult(true, null);
    }

    public static CheckResult failed(String reason) {
        String shortened = reason.length() > MAX_ERROR ? reason.substring(0, MAX_ERROR) : reason;
        return new CheckResult(false, shortened);
    }
}
