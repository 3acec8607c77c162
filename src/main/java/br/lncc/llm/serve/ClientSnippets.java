package br.lncc.llm.serve;

import br.lncc.llm.text.Message;
import br.lncc.llm.text.Messages;
import java.util.Locale;

/**
 * The copy-paste client code the Cap. 9 page shows for a running server (the question comes from
 * the page, in its language). Each snippet asks the
 * server which model it holds (GET /v1/models) instead of naming one, so the same code keeps
 * working when the model behind the URL is swapped (Cap. 9.1.1).
 */
public final class ClientSnippets {
    private ClientSnippets() {}

    public static String pythonOpenAi(String baseUrl, String apiKey, String question, Locale locale) {
        return """
                # pip install openai
                from openai import OpenAI

                client = OpenAI(base_url="%s", api_key="%s")
                model = client.models.list().data[0].id   # %s
                answer = client.chat.completions.create(
                    model=model,
                    messages=[{"role": "user", "content": "%s"}],
                    max_tokens=60, temperature=0.7, seed=42,
                )
                print(model, "→", answer.choices[0].message.content)

                # %s
                for chunk in client.chat.completions.create(model=model, stream=True, max_tokens=60,
                        messages=[{"role": "user", "content": "%s"}]):
                    print(chunk.choices[0].delta.content or "", end="", flush=True)
                """.formatted(baseUrl, key(apiKey), comment("snippets.currentModel", locale), question,
                comment("snippets.streaming", locale), question);
    }

    public static String pythonRequests(String baseUrl, String apiKey, String prompt, Locale locale) {
        return """
                import requests

                BASE = "%s"
                HEADERS = {"Authorization": "Bearer %s"}
                model = requests.get(f"{BASE}/models", headers=HEADERS).json()["data"][0]["id"]
                r = requests.post(f"{BASE}/completions", headers=HEADERS, json={
                    "model": model, "prompt": "%s", "max_tokens": 20,
                    "temperature": 0, "logprobs": 5,   # %s
                })
                r.raise_for_status()
                choice = r.json()["choices"][0]
                print(model, "→", choice["text"])
                for token, alternatives in zip(choice["logprobs"]["tokens"], choice["logprobs"]["top_logprobs"]):
                    print(repr(token), alternatives)
                """.formatted(baseUrl, key(apiKey), prompt, comment("snippets.logprobs", locale));
    }

    public static String curl(String baseUrl, String apiKey, String question) {
        String auth = apiKey == null ? "" : " \\\n  -H 'Authorization: Bearer " + apiKey + "'";
        return """
                curl %s/models%s

                curl %s/chat/completions%s \\
                  -H 'Content-Type: application/json' \\
                  -d '{"messages":[{"role":"user","content":"%s"}],"max_tokens":60,"seed":42}'

                curl -N %s/chat/completions%s \\
                  -H 'Content-Type: application/json' \\
                  -d '{"messages":[{"role":"user","content":"%s"}],"max_tokens":60,"stream":true}'
                """.formatted(baseUrl, auth, baseUrl, auth, question, baseUrl, auth, question);
    }

    /** The snippet's comments speak the page's language, like its question. */
    private static String comment(String key, Locale locale) {
        return Messages.render(locale, Message.of(key));
    }

    private static String key(String apiKey) {
        return apiKey == null ? "not-needed" : apiKey;
    }
}
