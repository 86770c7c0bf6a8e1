package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SharedKey against vectors made independently: each string-to-sign written out by hand from
 * Azure's rules, each signature computed with {@code openssl dgst -sha256 -mac HMAC}.
 */
class SharedKeySignerTest {

    /** base64 of the 32 bytes "casguard-shared-key-test-vector!". */
    private static final String KEY = "Y2FzZ3VhcmQtc2hhcmVkLWtleS10ZXN0LXZlY3RvciE=";
    private static final String DATE = "Fri, 27 Nov 2026 10:00:00 GMT";
    private final SharedKeySigner signer = new SharedKeySigner("myaccount", KEY);

    @Test
    void blobUploadOnAPathStyleEndpoint() {
        URI uri = URI.create("http://127.0.0.1:10000/myaccount/mycontainer/healthcheck");
        Map<String, String> headers = Map.of("x-ms-blob-type", "BlockBlob", "Content-Type", "text/plain; charset=utf-8",
                "x-ms-date", DATE, "X-MS-Version", "2023-11-03", "Content-Length", "21");
        assertEquals("PUT\n\n\n21\n\ntext/plain; charset=utf-8\n\n\n\n\n\n\n"
                + "x-ms-blob-type:BlockBlob\nx-ms-date:" + DATE + "\nx-ms-version:2023-11-03\n"
                + "/myaccount/myaccount/mycontainer/healthcheck", signer.stringToSign("PUT", uri, headers));
        assertEquals("SharedKey myaccount:14ieZARxDtx/0arx6qGrn8N6PJFT7F6sGpbF92aEjbc=",
                signer.authorization("PUT", uri, headers));
    }

    @Test
    void containerCreationWithAZeroLengthBodyAndAQuery() {
        URI uri = URI.create("https://myaccount.blob.core.windows.net/mycontainer?restype=container");
        Map<String, String> headers = Map.of("x-ms-date", DATE, "x-ms-version", "2023-11-03", "Content-Length", "0");
        assertEquals("PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + DATE + "\nx-ms-version:2023-11-03\n"
                + "/myaccount/mycontainer\nrestype:container", signer.stringToSign("PUT", uri, headers));
        assertEquals("SharedKey myaccount:XMa3weSr+YQSLq1dymHyLNeaxMG0wZT3TU5V5BS8M/E=",
                signer.authorization("PUT", uri, headers));
    }

    @Test
    void queryParametersAreLowerCasedSortedAndDecoded() {
        URI uri = URI.create("https://myaccount.blob.core.windows.net/c?restype=container&Include=snapshots"
                + "&comp=list&include=metadata&prefix=a%2Fb");
        String resource = signer.stringToSign("GET", uri, Map.of()).split("\n", 13)[12];
        assertEquals("/myaccount/c\ncomp:list\ninclude:metadata,snapshots\nprefix:a/b\nrestype:container", resource);
    }
}
