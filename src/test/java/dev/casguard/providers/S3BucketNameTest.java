package dev.casguard.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.casguard.domain.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3BucketNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "my-bucket", "my.bucket.name", "bucket-2024", "a1b", "0-0",
        "sixty-three-characters-long-bucket-name-is-allowed-by-s3-rules"})
    void acceptsValidNames(String bucket) {
        assertEquals(bucket, S3BucketName.validate(bucket));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "Bucket", "my_bucket", "-bucket", "bucket-", ".bucket", "bucket.",
        "my..bucket", "192.168.5.4", "xn--bucket", "sthree-bucket", "amzn-s3-demo-bucket", "bucket-s3alias",
        "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3", "bucket name", "bücket",
        "sixty-four-characters-long-bucket-name-is-refused-by-the-s3-rule"})
    void refusesInvalidNames(String bucket) {
        assertThrows(Refusal.class, () -> S3BucketName.validate(bucket));
    }

    @Test
    void refusesNull() {
        assertThrows(Refusal.class, () -> S3BucketName.validate(null));
    }

    @Test
    void awsHostFollowsThePartition() {
        assertEquals("s3.eu-central-1.amazonaws.com", S3BucketCheck.awsHost("eu-central-1"));
        assertEquals("s3.cn-north-1.amazonaws.com.cn", S3BucketCheck.awsHost("cn-north-1"));
    }
}
