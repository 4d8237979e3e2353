package io.kmemlab.junit;

/**
 * The scenarios of the project ({@value KmemTestEngine#SCENARIOS_PARAMETER}, default
 * {@value KmemTestEngine#DEFAULT_SCENARIOS}), for builds without a test class of their own:
 * Maven Surefire finds this class when the engine's artifact is listed in its
 * {@code dependenciesToScan} (Surefire only asks engines about classes it found). Its name
 * ends in {@code Test} so that Surefire's default includes match it.
 */
@KmemScenarios
public final class KmemScenariosTest {
    private KmemScenariosTest() { }
}
