"""Build a tiny random-weight Llama model + byte-level BPE tokenizer locally, for bench/realserver.sh.

From the project's realserver notes (shared/realserver/build_tiny_llama.py), unchanged but for this docstring.
Output: $WORK/tiny-llama (config, safetensors, tokenizer, chat template); WORK defaults to the current folder.
"""
import glob
import gzip
import os

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

OUT = os.path.join(os.environ.get("WORK", "."), "tiny-llama")
os.makedirs(OUT, exist_ok=True)

# ---- corpus: a few MB of local text -------------------------------------
files = sorted(glob.glob("/usr/share/common-licenses/*"))
files += sorted(glob.glob("/usr/share/doc/**/copyright", recursive=True))
files += sorted(glob.glob("/usr/share/doc/**/*.gz", recursive=True))
texts, total = [], 0
for f in files:
    if not os.path.isfile(f):
        continue
    try:
        if f.endswith(".gz"):
            with gzip.open(f, "rt", errors="ignore") as fh:
                t = fh.read()
        else:
            with open(f, errors="ignore") as fh:
                t = fh.read()
    except Exception:
        continue
    texts.append(t)
    total += len(t)
    if total > 6_000_000:
        break
print(f"corpus: {len(texts)} files, {total/1e6:.1f} MB")

# ---- tokenizer -----------------------------------------------------------
special = ["<|begin_of_text|>", "<|end_of_text|>", "<|pad|>"]
tok = Tokenizer(models.BPE())
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
tok.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(
    vocab_size=4096,
    special_tokens=special,
    initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    show_progress=False,
)
tok.train_from_iterator(texts, trainer=trainer)
bos_id = tok.token_to_id("<|begin_of_text|>")
tok.post_processor = processors.TemplateProcessing(
    single="<|begin_of_text|> $A",
    pair="<|begin_of_text|> $A <|begin_of_text|> $B",
    special_tokens=[("<|begin_of_text|>", bos_id)],
)
chat_template = (
    "{% for m in messages %}"
    "{{ '<|begin_of_text|>' + m['role'] + ': ' + (m['content'] if m['content'] is string else '') + '\\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}"
)
hf_tok = PreTrainedTokenizerFast(
    tokenizer_object=tok,
    bos_token="<|begin_of_text|>",
    eos_token="<|end_of_text|>",
    pad_token="<|pad|>",
    chat_template=chat_template,
)
hf_tok.save_pretrained(OUT)
print("vocab:", len(hf_tok))

# ---- model ---------------------------------------------------------------
torch.manual_seed(0)
cfg = LlamaConfig(
    vocab_size=len(hf_tok),
    hidden_size=64,
    intermediate_size=128,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    max_position_embeddings=8192,
    bos_token_id=hf_tok.bos_token_id,
    eos_token_id=hf_tok.eos_token_id,
    pad_token_id=hf_tok.pad_token_id,
    tie_word_embeddings=True,
    torch_dtype="float32",
)
model = LlamaForCausalLM(cfg)
model.generation_config.max_new_tokens = 256
model.save_pretrained(OUT)
print("params:", sum(p.numel() for p in model.parameters()))

# ---- sanity check ----------------------------------------------------------
tk = PreTrainedTokenizerFast.from_pretrained(OUT)
m = LlamaForCausalLM.from_pretrained(OUT)
msgs = [{"role": "user", "content": "Hello, how are you?"}]
ids = tk.apply_chat_template(msgs, add_generation_prompt=True, return_tensors="pt", return_dict=True)
out = m.generate(**ids, max_new_tokens=20, do_sample=False)
print("prompt tokens:", ids["input_ids"].shape[1], "generated:", out.shape[1] - ids["input_ids"].shape[1])
print(repr(tk.decode(out[0][ids["input_ids"].shape[1]:])))
