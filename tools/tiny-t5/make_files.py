#!/usr/bin/env python3
"""Writes the config.json and tokenizer.json of the project's tiny T5 (Cap. 5 offline).

The model has FLAN-T5's shape in miniature (gated-GELU, untied head, relative position buckets)
and its weights are drawn from a seed when the app opens it (T5.random): nothing here is
trained, and the app says so. The vocabulary is the words of the Cap. 5 prompts
(lesson/Cap5Prompts.java) plus single characters, so every prompt of the chapter encodes
without <unk> and the outputs are words of the chapter in random order.

Run from the repository root:  python3 tools/tiny-t5/make_files.py
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src/main/resources/br/lncc/llm/lesson/tiny-t5"
PROMPTS = ROOT / "src/main/java/br/lncc/llm/lesson/Cap5Prompts.java"


def chapter_words():
    source = PROMPTS.read_text(encoding="utf-8")
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', source)
    text = " ".join(l.replace("\\n", " ").replace('\\"', " ") for l in literals)
    words = []
    for w in re.findall(r"[A-Za-zÀ-ÿ]+|[0-9]+", text):
        if w not in words:
            words.append(w)
    return words


def main():
    specials = ["<pad>", "</s>", "<unk>"]
    chars = (list("abcdefghijklmnopqrstuvwxyz") + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + list("0123456789")
             + list(".,:;!?\"'+-=()>") + list("áéíóúãõçêâôàÁÉÍÓÚÃÕÇÊÂÔÀ"))
    vocab = [[t, 0.0] for t in specials] + [["▁", -4.0]]
    vocab += [["▁" + w, -2.0] for w in chapter_words()]
    vocab += [[c, -5.0] for c in chars]
    added = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for i, t in enumerate(specials)]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        # T5's SentencePiece normaliser turns line breaks into spaces and squeezes runs of spaces.
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Replace", "pattern": {"Regex": "\\s"}, "content": " "},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                                    {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "special_tokens": {"</s>": {"id": "</s>", "ids": [1], "tokens": ["</s>"]}}},
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 2, "vocab": vocab, "byte_fallback": False},
    }
    config = {
        "architectures": ["T5ForConditionalGeneration"], "model_type": "t5",
        "d_model": 64, "d_kv": 16, "d_ff": 128, "num_layers": 2, "num_decoder_layers": 2, "num_heads": 4,
        "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128, "layer_norm_epsilon": 1e-06,
        "feed_forward_proj": "gated-gelu", "dense_act_fn": "gelu_new", "is_gated_act": True,
        "tie_word_embeddings": False, "vocab_size": len(vocab), "decoder_start_token_id": 0, "eos_token_id": 1,
        "pad_token_id": 0, "n_positions": 512, "torch_dtype": "float32",
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "tokenizer.json").write_text(json.dumps(tokenizer, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"{len(vocab)} tokens → {OUT}")


if __name__ == "__main__":
    main()
