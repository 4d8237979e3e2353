package io.kmemlab.lang.scoping;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "did you mean" for unknown names: the closest candidates by Levenshtein distance, within a
 * distance that grows with the length of the name (kmaloc → kmalloc, NewMme → NewMem).
 */
public final class Suggestions {

    private Suggestions() {
    }

    /** Up to three candidates close to name, best first. */
    public static List<String> closest(String name, Collection<String> candidates) {
        int limit = Math.max(1, Math.min(3, name.length() / 3));
        String lower = name.toLowerCase();
        // a length difference alone is that many edits: most candidates are out before the distance is computed
        List<Scored> scored = candidates.stream().distinct()
                .filter(c -> !c.equals(name) && Math.abs(c.length() - name.length()) <= limit)
                .map(c -> new Scored(c, distance(lower, c.toLowerCase())))
                .filter(s -> s.distance <= limit)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .toList();
        // Only the nearest ones: kmaloc is kmalloc, not also kzalloc and vmalloc.
        return scored.stream().filter(s -> s.distance == scored.get(0).distance).limit(3).map(Scored::candidate).toList();
    }

    /** " (did you mean kmalloc?)" or "" when nothing is close. */
    public static String didYouMean(String name, Collection<String> candidates) {
        List<String> best = closest(name, candidates);
        return best.isEmpty() ? "" : "; did you mean " + String.join(" or ", best) + "?";
    }

    private record Scored(String candidate, int distance) {
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        int[] before = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                // Two swapped letters (i368 for i386) count as one edit.
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    cur[j] = Math.min(cur[j], before[j - 2] + 1);
                }
            }
            int[] t = before;
            before = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
