package io.kmemlab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose selection runs .kmem scenarios: build tools that select test classes
 * (Maven Surefire, Tycho Surefire, Gradle) reach the scenarios through it. The class itself
 * needs no body.
 *
 * <pre>
 * &#64;KmemScenarios("src/test/kmem/regressions")
 * class RegressionScenariosTest { }
 * </pre>
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface KmemScenarios {
    /**
     * .kmem files or directories (searched recursively), relative to the working directory.
     * Empty: the configuration parameter {@value KmemTestEngine#SCENARIOS_PARAMETER}, else
     * {@value KmemTestEngine#DEFAULT_SCENARIOS}.
     */
    String[] value() default {};
}
