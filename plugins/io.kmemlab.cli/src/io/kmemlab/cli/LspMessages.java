package io.kmemlab.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kmemlab.dap.Frames;

/**
 * What {@code kmemlab lsp} accepts from an editor: JSON-RPC messages (a request or notification
 * with a "method", or a response with an "id"), framed as the debug adapter's input is.
 */
final class LspMessages implements Frames.Protocol {
    static final LspMessages INSTANCE = new LspMessages();

    private LspMessages() { }

    @Override public String command() { return "kmemlab lsp"; }

    @Override public String client() { return "an LSP client"; }

    @Override public String messages() { return "JSON-RPC"; }

    @Override public String whyNot(JsonObject o) {
        JsonElement method = o.get("method");
        boolean hasMethod = method != null && method.isJsonPrimitive() && method.getAsJsonPrimitive().isString();
        return hasMethod || o.has("id") ? null : "not a JSON-RPC message (neither \"method\" nor \"id\")";
    }
}
