// Cap. 9.1.1: the official OpenAI client, unchanged, against `companion serve`.
// Usage: BASE_URL=http://127.0.0.1:8080/v1 [API_KEY=k] node client.mjs
// Prints one JSON object with what each call returned; OpenAiNodeClientTest checks it.
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: process.env.BASE_URL,
  apiKey: process.env.API_KEY ?? "not-needed-on-localhost",
  maxRetries: 0,
  timeout: 60_000,
});

const out = {};

const models = await client.models.list();
const model = models.data[0].id;   // the same script works whatever model the server holds
out.model = model;

const chat = await client.chat.completions.create({
  model,
  messages: [{ role: "system", content: "Seja breve." }, { role: "user", content: "Olá" }],
  max_tokens: 8,
  temperature: 0.7,
  seed: 3,
});
out.chat = {
  content: chat.choices[0].message.content,
  role: chat.choices[0].message.role,
  finish_reason: chat.choices[0].finish_reason,
  usage: chat.usage,
};

const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "system", content: "Seja breve." }, { role: "user", content: "Olá" }],
  max_tokens: 8,
  temperature: 0.7,
  seed: 3,
  stream: true,
  stream_options: { include_usage: true },
});
let streamed = "";
let chunks = 0;
let finish = null;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  if (chunk.usage) usage = chunk.usage;
  const choice = chunk.choices[0];
  if (!choice) continue;
  streamed += choice.delta?.content ?? "";
  if (choice.finish_reason) finish = choice.finish_reason;
}
out.stream = { content: streamed, chunks, finish_reason: finish, usage };

// logprobs: the whole answer's, then the same request streamed, each chunk with its tokens' logprobs.
const lpRequest = {
  model,
  messages: [{ role: "user", content: "Olá" }],
  max_tokens: 6,
  temperature: 0.8,
  seed: 11,
  logprobs: true,
  top_logprobs: 2,
};
const lpWhole = await client.chat.completions.create(lpRequest);
const lpStream = await client.chat.completions.create({ ...lpRequest, stream: true });
const streamedLogprobs = [];
let lpText = "";
for await (const chunk of lpStream) {
  const choice = chunk.choices[0];
  if (!choice) continue;
  lpText += choice.delta?.content ?? "";
  for (const t of choice.logprobs?.content ?? []) streamedLogprobs.push(t);
}
out.logprobs_stream = {
  whole: lpWhole.choices[0].logprobs.content,
  whole_text: lpWhole.choices[0].message.content,
  streamed: streamedLogprobs,
  streamed_text: lpText,
  completion_tokens: lpWhole.usage.completion_tokens,
};

const completion = await client.completions.create({
  model,
  prompt: "Hello world",
  max_tokens: 5,
  temperature: 0,
  logprobs: 3,
});
out.completion = {
  text: completion.choices[0].text,
  finish_reason: completion.choices[0].finish_reason,
  logprobs: completion.choices[0].logprobs,
  usage: completion.usage,
};

try {
  await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] });
  out.not_found = "no error";
} catch (e) {
  out.not_found = { status: e.status, name: e.constructor.name, code: e.code ?? null };
}

console.log(JSON.stringify(out));
