package io.kmemlab.cli;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.kmemlab.dap.Frames;
import io.kmemlab.lang.ide.KmemIdeSetup;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.resource.IResourceServiceProvider;
import org.eclipse.xtext.resource.ResourceServiceProviderServiceLoader;

/**
 * {@code kmemlab lsp}: Xtext's language server (what {@code ServerLauncher} starts) on a pair of
 * streams. The languages come from the {@code META-INF/services/org.eclipse.xtext.ISetup} of
 * io.kmemlab.lang.ide, looked up once with that bundle's class loader (so it also works where
 * the context class loader cannot see the file, as in an OSGi test runtime).
 */
public final class LanguageServerLauncher {
    private LanguageServerLauncher() { }

    /**
     * Starts serving {@code in}/{@code out}; the future completes when the input ends.
     *
     * @param overrides bindings replacing Xtext's {@link ServerModule} ones (tests replace the
     *                  exit handler, which otherwise ends the JVM on the {@code exit} notification)
     */
    public static Future<Void> listen(InputStream in, OutputStream out, Module... overrides) {
        return listenWithLog(in, out, line -> { }, overrides);
    }

    /**
     * As {@link #listen(InputStream, OutputStream, Module...)}, with the editor's stream checked
     * first ({@link Frames}, with {@link LspMessages}): bad input costs one line on {@code log}, never a Java trace.
     */
    public static Future<Void> listenWithLog(InputStream in, OutputStream out, Consumer<String> log, Module... overrides) {
        IResourceServiceProvider.Registry languages = languages();
        Module[] replaced = new Module[overrides.length + 1];
        replaced[0] = b -> b.bind(IResourceServiceProvider.Registry.class).toInstance(languages);
        System.arraycopy(overrides, 0, replaced, 1, overrides.length);
        Module module = Modules.override(new ServerModule()).with(replaced);
        LanguageServerImpl server = Guice.createInjector(module).getInstance(LanguageServerImpl.class);
        Launcher<LanguageClient> launcher = Launcher.createLauncher(server, LanguageClient.class, new Frames(in, LspMessages.INSTANCE, log), out);
        server.connect(launcher.getRemoteProxy());
        return launcher.startListening();
    }

    private static IResourceServiceProvider.Registry languages() {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(KmemIdeSetup.class.getClassLoader());
        try {
            return new ResourceServiceProviderServiceLoader().get();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
