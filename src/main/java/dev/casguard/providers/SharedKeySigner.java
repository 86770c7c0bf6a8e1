package dev.casguard.providers;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Azure Storage "SharedKey" authorization (Blob service, versions 2015-02-21 and later): an
 * HMAC-SHA256, keyed with the account key, over the request's verb, standard headers, x-ms-
 * headers and resource.
 */
final class SharedKeySigner {

    private final String account;
    private final byte[] key;

    /** {@code accountKey} is the base64 key as the Azure portal shows it. */
    SharedKeySigner(String account, String accountKey) {
        this.account = account;
        this.key = Base64.getDecoder().decode(accountKey);
    }

    /** The Authorization header's value. */
    String authorization(String method, URI uri, Map<String, String> headers) {
        return "SharedKey " + account + ":" + signature(stringToSign(method, uri, headers));
    }

    /**
     * {@code headers} are the request's headers as sent (names in any case); those the service
     * signs but the request lacks count as empty. A zero Content-Length is signed as empty.
     */
    String stringToSign(String method, URI uri, Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>();
        headers.forEach((name, value) -> byName.put(name.toLowerCase(Locale.ROOT), value.trim()));
        String contentLength = byName.getOrDefault("content-length", "");
        StringBuilder text = new StringBuilder(method).append('\n');
        for (String name : List.of("content-encoding", "content-language")) {
            text.append(byName.getOrDefault(name, "")).append('\n');
        }
        text.append("0".equals(contentLength) ? "" : contentLength).append('\n');
        for (String name : List.of("content-md5", "content-type", "date", "if-modified-since", "if-match",
                "if-none-match", "if-unmodified-since", "range")) {
            text.append(byName.getOrDefault(name, "")).append('\n');
        }
        byName.forEach((name, value) -> {
            if (name.startsWith("x-ms-")) {
                text.append(name).append(':').append(value).append('\n');
            }
        });
        return text.append(canonicalizedResource(uri)).toString();
    }

    private String canonicalizedResource(URI uri) {
        StringBuilder resource = new StringBuilder("/").append(account).append(uri.getRawPath());
        Map<String, List<String>> parameters = new TreeMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals)).toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        parameters.forEach((name, values) -> {
            values.sort(null);
            resource.append('\n').append(name).append(':').append(String.join(",", values));
        });
        return resource.toString();
    }

    private String signature(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
