package io.kmemlab.junit.tests;

import io.kmemlab.junit.KmemScenarios;

/**
 * The scenarios in scenarios/pass, run by the build's own test runner (Tycho Surefire) through
 * the kmem engine: each shows up in this bundle's Surefire report as a test.
 */
@KmemScenarios("scenarios/pass")
class PassingScenariosTest { }
