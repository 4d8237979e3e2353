package io.kmemlab.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The fuzzing campaign of the build: a few thousand seeded files through `kmemlab check`, with
 * 0 internal errors and 0 hangs; the figures go to the build log. The long campaign is the same
 * test with more files (docs/reliability.md):
 * {@code -Dtycho.testArgLine=-Dkmemlab.fuzz.files=100000}, and another seed with
 * {@code -Dkmemlab.fuzz.seed=N}.
 */
class FuzzTest {
    @Test
    void hostileFilesEndInDiagnostics() {
        int files = Integer.getInteger("kmemlab.fuzz.files", 2000);
        long seed = Long.getLong("kmemlab.fuzz.seed", 20261130L);
        FuzzCampaign campaign = new FuzzCampaign(seed).withKnownSeeds().progressEvery(files > 10_000 ? 5_000 : 0);
        FuzzCampaign.Figures f = campaign.run(files);
        System.out.println(f.line(seed) + " [" + campaign.seedCount() + " seed files]");
        assertEquals(0, f.internalErrors(), () -> String.join("\n\n", f.failures()));
        assertEquals(0, f.hangs(), () -> String.join("\n\n", f.failures()));
        assertTrue(f.diagnosed() > 0 && f.passedOrFailed() > 0, f::toString);
    }
}
