package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes what the server does: every path and method in it is served. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private final TestServer server = TestServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void the_document_is_openapi_3_1_and_every_problem_it_names_is_one_the_server_uses() {
        JsonNode document = server.get("/v1/openapi.json").json();
        assertTrue(document.get("openapi").asText().startsWith("3.1"));
        String problems = document.at("/components/schemas/Problem/properties/type/description").asText();
        for (String name : List.of("wrong-expected-sequence", "call-already-ended", "session-ended", "invalid-event",
                "not-found", "bad-request", "payload-too-large", "unauthorized", "store-busy", "store-full")) {
            assertTrue(problems.contains(name), name);
        }
    }

    @Test
    void every_path_and_method_of_the_document_is_served() throws Exception {
        server.post("/v1/sessions/s1/messages", "{\"messageId\":\"m1\",\"text\":\"hi\"}");
        JsonNode document = server.get("/v1/openapi.json").json();
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                String callId = "c" + checked.size();
                server.post("/v1/sessions/s1/calls", "{\"callId\":\"" + callId + "\",\"provider\":\"p\",\"model\":\"m\","
                        + "\"deadlineMillis\":600000}");
                String concrete = path.getKey().replace("{id}", "s1").replace("{callId}", callId)
                        .replace("{name}", "status");
                int status = call(method, concrete, path.getValue().get(method));
                assertNotEquals(405, status, method + " " + path.getKey());
                assertNotEquals(404, status, method + " " + path.getKey());
                assertTrue(status < 500, method + " " + path.getKey() + ": " + status);
                checked.add(method + " " + path.getKey());
            }
        }
        assertEquals(20, checked.size(), checked.toString());
    }

    @Test
    void a_method_the_document_does_not_list_is_not_served() {
        JsonNode paths = server.get("/v1/openapi.json").json().get("paths");
        assertFalse(paths.get("/v1/sessions/{id}").has("post"));
        assertEquals(405, server.post("/v1/sessions/s1", "{}").status());
        assertFalse(paths.get("/v1/sessions").has("post"));
        assertEquals(405, server.post("/v1/sessions", "{}").status());
    }

    /** One request; streams are only opened (their status read), not followed. */
    private int call(String method, String path, JsonNode operation) throws IOException, InterruptedException {
        boolean needsToken = !operation.has("security") || !operation.get("security").isEmpty();
        HttpRequest.Builder request = needsToken ? server.request(path)
                : HttpRequest.newBuilder(server.uri(path));
        if (method.equals("post")) {
            request.POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            request.GET();
        }
        HttpResponse<java.io.InputStream> response = server.http.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }
}
