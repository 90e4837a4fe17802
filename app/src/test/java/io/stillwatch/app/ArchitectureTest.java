package io.stillwatch.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward (CONVENTIONS.md): the inner modules stay free of HTTP servers, database
 * drivers, message clients and stream engines, JDK ones included, which the enforcer rule on Maven
 * dependencies cannot see.
 */
class ArchitectureTest {
    private static final String[] FRAMEWORKS = {
        "io.netty..", "io.vertx..", "org.eclipse.jetty..", "java.sql..", "javax.sql..", "java.net.http..",
        "com.sun.net.httpserver..", "org.h2..", "org.sqlite..", "org.duckdb..", "org.postgresql..",
        "org.flywaydb..", "org.apache.kafka..", "org.apache.flink..", "io.lettuce..", "redis.clients..",
        "picocli.."
    };
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.stillwatch");
    }

    @Test
    void import_seesEveryInnerModule() {
        // the rules below would pass vacuously if the inner modules were missing from the import
        assertThat(classes.contain("io.stillwatch.model.ExchangeRecord")).isTrue();
        assertThat(classes.contain("io.stillwatch.access.Authenticator")).isTrue();
        assertThat(classes.contain("io.stillwatch.detect.DetectionEngine")).isTrue();
    }

    @Test
    void innerModules_dependOnNoFramework() {
        noClasses().that().resideInAnyPackage("io.stillwatch.model..", "io.stillwatch.access..", "io.stillwatch.detect..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("model, access and detect are plain Java that every runner wraps")
                .check(classes);
    }

    @Test
    void innerModules_doNotDependOnOuterModules() {
        noClasses().that().resideInAnyPackage("io.stillwatch.model..", "io.stillwatch.access..", "io.stillwatch.detect..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.stillwatch.gateway..", "io.stillwatch.store..", "io.stillwatch.sim..", "io.stillwatch.app..")
                .because("dependencies point inward")
                .check(classes);
    }

    @Test
    void model_dependsOnNoOtherStillwatchModule() {
        noClasses().that().resideInAPackage("io.stillwatch.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.stillwatch.access..", "io.stillwatch.detect..")
                .check(classes);
    }
}
