package dev.casguard.providers;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The JDK HTTP client the hand-written provider clients share: HTTP/1.1, no redirects (a provider
 * must not lead us to a destination the outbound policy never vetted), every call bounded by what
 * is left of the check's deadline.
 */
@ApplicationScoped
public class ProviderHttp {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> send(HttpRequest.Builder request, Deadline deadline) throws IOException, InterruptedException {
        if (deadline.passed()) {
            throw new HttpTimeoutException("deadline passed");
        }
        return http.send(request.timeout(deadline.remaining()).header("User-Agent", "casguard").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A transport failure in words, e.g. "token service at login.example is unreachable (connection refused)". */
    static String describe(IOException failure, String what) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "connecting to " + what + " timed out";
        }
        if (failure instanceof HttpTimeoutException) {
            return what + " did not answer in time";
        }
        if (failure instanceof ConnectException) {
            return what + " is unreachable (connection refused)";
        }
        if (failure instanceof SSLException) {
            return "TLS with " + what + " failed";
        }
        return what + " is unreachable (" + failure.getClass().getSimpleName() + ")";
    }
}
