package io.stillwatch.access.keys;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Guards the constant-time comparison of secret hashes (regression: an early-exit equals). */
class ConstantTimeComparisonTest {
    private static final JavaClasses KEYS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stillwatch.access.keys");

    @Test
    void keyClasses_compareBytes_neverWithArraysEquals() {
        noClasses().should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .because("secret hashes must be compared in constant time (MessageDigest.isEqual)")
                .check(KEYS);
    }

    @Test
    void sameHash_usesMessageDigestIsEqual() {
        var calls = KEYS.get(SecretHasher.class).getMethod("sameHash", byte[].class, byte[].class)
                .getMethodCallsFromSelf();
        assertThat(calls).anySatisfy(c -> {
            assertThat(c.getTargetOwner().isEquivalentTo(MessageDigest.class)).isTrue();
            assertThat(c.getName()).isEqualTo("isEqual");
        });
    }

    @Test
    void authenticator_comparesOnlyThroughSameHash() {
        var calls = KEYS.get(CachingAuthenticator.class).getMethodCallsFromSelf();
        assertThat(calls).anySatisfy(c -> assertThat(c.getName()).isEqualTo("sameHash"));
        assertThat(calls).noneSatisfy(c -> assertThat(c.getTargetOwner().isEquivalentTo(Arrays.class)).isTrue());
    }
}
