package io.kmemlab.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the running host says about memory it holds back, for check-host's explanations: its
 * kernel command line (deferred_init=, crashkernel=) and the balloon driver's pages
 * (/proc/meminfo Balloon:, drivers/virtio/virtio_balloon.c).
 */
public record HostFacts(String cmdline, long balloonKib) {
    public static final HostFacts NONE = new HostFacts("", 0);

    public static HostFacts read(Path cmdline, Path meminfo) throws IOException {
        String cl = Files.isReadable(cmdline) ? Files.readString(cmdline).trim() : "";
        long balloon = 0;
        if (Files.isReadable(meminfo)) {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("Balloon:")) balloon = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return new HostFacts(cl, balloon);
    }

    /** The value of a command-line parameter (deferred_init=lazy -> "lazy"), or null when absent. */
    public String parameter(String name) {
        for (String word : cmdline.split("\\s+")) {
            if (word.equals("--")) break;                       // what follows is init's
            if (word.startsWith(name + "=")) return word.substring(name.length() + 1);
        }
        return null;
    }

    /**
     * Why a zone manages fewer pages than it has present, when the host says so: deferred struct
     * page initialisation still running (deferred_init= on the command line; mm/mm_init.c
     * deferred_init_memmap() adds pages to managed as it frees them), a crashkernel reservation,
     * a balloon. Null when the host's files name none.
     */
    public String heldBack() {
        java.util.List<String> why = new java.util.ArrayList<>();
        String deferred = parameter("deferred_init");
        if (deferred != null) why.add("deferred struct page init (deferred_init=" + deferred + " on the host's command line)");
        String crash = parameter("crashkernel");
        if (crash != null) why.add("the crashkernel=" + crash + " reservation");
        if (balloonKib > 0) why.add(String.format("%d KiB in the balloon", balloonKib));
        return why.isEmpty() ? null : String.join(", ", why);
    }
}
