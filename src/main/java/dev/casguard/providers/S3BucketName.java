package dev.casguard.providers;

import dev.casguard.domain.Refusal;
import java.util.List;
import java.util.regex.Pattern;

/** The rules S3 sets for general-purpose bucket names (the current ones, not us-east-1's legacy leniency). */
final class S3BucketName {

    private static final Pattern SHAPE = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern IP_ADDRESS = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private S3BucketName() {
    }

    /** The bucket name itself, or a VALIDATION_FAILED problem saying which rule it breaks. */
    static String validate(String bucket) {
        if (bucket == null || !SHAPE.matcher(bucket).matches()) {
            throw Refusal.invalid("an AWS-S3 location is a bucket name: 3 to 63 lower-case letters, digits, "
                    + "dots and hyphens, beginning and ending with a letter or digit");
        }
        if (bucket.contains("..")) {
            throw Refusal.invalid("a bucket name must not contain two adjacent dots");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            throw Refusal.invalid("a bucket name must not look like an IP address");
        }
        if (RESERVED_PREFIXES.stream().anyMatch(bucket::startsWith)
                || RESERVED_SUFFIXES.stream().anyMatch(bucket::endsWith)) {
            throw Refusal.invalid("the bucket name uses a prefix or suffix that S3 reserves");
        }
        return bucket;
    }
}
