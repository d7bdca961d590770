"""Regenerate the vLLM fixtures in this directory.

The pydantic models below are trimmed transcriptions of vLLM's own response
models (field names, order, defaults, serializers kept verbatim; validators and
request models dropped).  The stream/response assembly mirrors
OpenAIServingChat.chat_completion_stream_generator /
chat_completion_full_generator call-for-call (which kwargs are passed
explicitly matters, because chunks are dumped with exclude_unset=True).
See SOURCES.md for the exact upstream files / commits.

Run: python3 gen_fixtures.py   (needs only pydantic>=2)
"""
import json
import os
import time
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, model_serializer, model_validator

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- newest main
class OpenAIBaseModel(BaseModel):
    model_config = ConfigDict(extra="allow")
    field_names: ClassVar[set[str] | None] = None


class PromptTokenUsageInfo(OpenAIBaseModel):
    cached_tokens: int | None = None
    created_cache_tokens: int | None = None
    multimodal_tokens: dict[str, int] | None = None


class CompletionTokenUsageInfo(OpenAIBaseModel):
    reasoning_tokens: int = 0


class UsageInfo(OpenAIBaseModel):
    prompt_tokens: int = 0
    total_tokens: int = 0
    completion_tokens: int | None = 0
    prompt_tokens_details: PromptTokenUsageInfo | None = None
    completion_tokens_details: CompletionTokenUsageInfo | None = None


class FunctionCall(OpenAIBaseModel):
    id: str | None = Field(default=None, exclude=True)
    name: str
    arguments: str


class ToolCall(OpenAIBaseModel):
    id: str
    type: Literal["function"] = "function"
    function: FunctionCall


class DeltaFunctionCall(BaseModel):
    name: str | None = None
    arguments: str | None = None


class DeltaToolCall(OpenAIBaseModel):
    id: str | None = None
    type: Literal["function"] | None = None
    index: int
    function: DeltaFunctionCall | None = None


class DeltaMessage(OpenAIBaseModel):
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    tool_calls: list[DeltaToolCall] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        data = handler(self)
        if len(data.get("tool_calls", [])) == 0:
            data.pop("tool_calls", None)
        return data


class ChatMessage(OpenAIBaseModel):
    role: str
    content: str | None = None
    refusal: str | None = None
    annotations: Any | None = None
    audio: Any | None = None
    function_call: FunctionCall | None = None
    tool_calls: list[ToolCall] = Field(default_factory=list)
    reasoning: str | None = None

    @model_serializer(mode="wrap")
    def _serialize(self, handler):
        data = handler(self)
        if len(data.get("tool_calls", [])) == 0:
            data.pop("tool_calls", None)
        return data


class ChatCompletionLogProbs(OpenAIBaseModel):
    content: list[Any] | None = None


class ChatCompletionResponseChoice(OpenAIBaseModel):
    index: int
    message: SerializeAsAny[ChatMessage]
    logprobs: ChatCompletionLogProbs | None = None
    finish_reason: str | None = "stop"
    stop_reason: int | str | None = None
    token_ids: list[int] | None = None
    routed_experts: str | None = None


class ChatCompletionResponse(OpenAIBaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatCompletionResponseChoice]
    service_tier: Literal["auto", "default", "flex", "scale", "priority"] | None = None
    system_fingerprint: str | None = None
    usage: UsageInfo
    prompt_logprobs: list[Any] | None = None
    prompt_token_ids: list[int] | None = None
    prompt_text: str | None = None
    kv_transfer_params: dict[str, Any] | None = None
    ec_transfer_params: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None


class ChatCompletionResponseStreamChoice(OpenAIBaseModel):
    index: int
    delta: SerializeAsAny[DeltaMessage]
    logprobs: ChatCompletionLogProbs | None = None
    finish_reason: str | None = None
    stop_reason: int | str | None = None
    token_ids: list[int] | None = None


class ChatCompletionStreamResponse(OpenAIBaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChatCompletionResponseStreamChoice]
    usage: UsageInfo | None = Field(default=None)
    system_fingerprint: str | None = None
    prompt_token_ids: list[int] | None = None
    prompt_text: str | None = None
    metrics: dict[str, Any] | None = None


class EmbeddingResponseData(OpenAIBaseModel):
    index: int
    object: str = "embedding"
    embedding: list[float] | str


class EmbeddingResponse(OpenAIBaseModel):
    id: str
    object: str = "list"
    created: int
    model: str | None = None
    data: list[EmbeddingResponseData]
    usage: UsageInfo


# ------------------------------------------------- illustrative constants
CREATED = 1767225600  # illustrative int(time.time())
FINGERPRINT = "vllm-0.0.0-0a1b2c3d"  # illustrative: f"vllm-{__version__}-{hash8}"


def starlette_json(obj) -> bytes:
    # starlette.responses.JSONResponse.render
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")).encode("utf-8")


def sse(data: str) -> str:
    return f"data: {data}\n\n"


class Stream:
    """Mirrors chat_completion_stream_generator for n=1, include_usage=True,
    continuous_usage_stats=False, return_token_ids=False, logprobs=False."""

    def __init__(self, request_id, model, reasoning_parser_configured):
        self.request_id, self.model = request_id, model
        self.rp = reasoning_parser_configured
        self.out = []

    def first(self, role="assistant"):
        choice_data = ChatCompletionResponseStreamChoice(
            index=0, delta=DeltaMessage(role=role, content=""), logprobs=None, finish_reason=None)
        chunk = ChatCompletionStreamResponse(
            id=self.request_id, object="chat.completion.chunk", created=CREATED,
            choices=[choice_data], model=self.model, prompt_token_ids=None, prompt_text=None)
        self.out.append(sse(chunk.model_dump_json(exclude_unset=True)))

    def delta(self, delta_message, finish_reason=None, stop_reason=None):
        if delta_message is None:  # parser returned None
            if finish_reason is None:
                return
            delta_message = DeltaMessage()
        if finish_reason is None:
            choice_data = ChatCompletionResponseStreamChoice(
                index=0, delta=delta_message, logprobs=None, finish_reason=None, token_ids=None)
        else:
            choice_data = ChatCompletionResponseStreamChoice(
                index=0, delta=delta_message, logprobs=None, finish_reason=finish_reason,
                stop_reason=stop_reason, token_ids=None)
        chunk = ChatCompletionStreamResponse(
            id=self.request_id, object="chat.completion.chunk", created=CREATED,
            choices=[choice_data], model=self.model)
        # include_usage=True -> fingerprint is NOT stamped on the finish chunk
        self.out.append(sse(chunk.model_dump_json(exclude_unset=True)))

    def usage(self, prompt_tokens, completion_tokens, reasoning_tokens):
        final_usage = UsageInfo(
            prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
            completion_tokens_details=CompletionTokenUsageInfo(reasoning_tokens=reasoning_tokens) if self.rp else None)
        final_usage.prompt_tokens_details = None  # _make_prompt_tokens_details(False, ...) -> None
        chunk = ChatCompletionStreamResponse(
            id=self.request_id, object="chat.completion.chunk", created=CREATED, choices=[],
            model=self.model, usage=final_usage, system_fingerprint=FINGERPRINT, metrics=None)
        self.out.append(sse(chunk.model_dump_json(exclude_unset=True, exclude_none=True)))

    def done(self):
        self.out.append("data: [DONE]\n\n")
        return "".join(self.out)


def write(name, text):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print("wrote", path, len(text.encode()), "bytes")


QWEN3 = "Qwen/Qwen3-8B"
QWEN25 = "Qwen/Qwen2.5-7B-Instruct"
EMB = "BAAI/bge-small-en-v1.5"

# Qwen3 completion tokens (one token per engine step; text as detokenized):
#  1 <think>   -> parser emits nothing (no chunk)
#  2..11       -> reasoning deltas
# 12 </think>  -> nothing
# 13 "\n\n"   -> whitespace-only content is deferred by the parser engine
# 14..20       -> content deltas (first one carries the deferred "\n\n")
# 21 <|im_end|> (EOS, text "" because the stop token is not detokenized)
REASONING_TOKENS = ["\n", "Okay", ",", " 17", " times", " 23", " is", " 391", ".", "\n"]
CONTENT_TOKENS = ["\n\n17", " *", " 23", " =", " **", "391", "**"]
PROMPT_TOKENS_R = 17


def reasoning_stream():
    s = Stream("chatcmpl-9f1c2d3e4a5b6c7d", QWEN3, True)
    s.first()
    for t in REASONING_TOKENS:
        s.delta(DeltaMessage(reasoning=t))
    for t in CONTENT_TOKENS:
        s.delta(DeltaMessage(content=t))
    s.delta(None, finish_reason="stop", stop_reason=None)
    completion = 1 + len(REASONING_TOKENS) + 1 + 1 + (len(CONTENT_TOKENS)) + 1  # 21
    s.usage(PROMPT_TOKENS_R, completion, len(REASONING_TOKENS))
    return s.done()


def reasoning_length_stream():
    # max_tokens=8: <think> + 7 reasoning tokens, the 8th token ends the request
    s = Stream("chatcmpl-5e6f7a8b9c0d1e2f", QWEN3, True)
    s.first()
    toks = REASONING_TOKENS[:7]
    for t in toks[:-1]:
        s.delta(DeltaMessage(reasoning=t))
    s.delta(DeltaMessage(reasoning=toks[-1]), finish_reason="length", stop_reason=None)
    s.usage(PROMPT_TOKENS_R, 1 + len(toks), len(toks))
    return s.done()


TOOL_ID = "chatcmpl-tool-8a7b6c5d4e3f2a1b"
ARG_FRAGMENTS = ['{"city":', ' "', "Paris", '", "unit":', ' "', "c", "elsius", '"}']
PROMPT_TOKENS_T = 213
COMPLETION_TOKENS_T = 28  # <tool_call> ... </tool_call> + EOS, see SOURCES.md


def tool_stream():
    s = Stream("chatcmpl-0f1e2d3c4b5a6978", QWEN25, False)
    s.first()
    s.delta(DeltaMessage(tool_calls=[DeltaToolCall(index=0, id=TOOL_ID, type="function",
                                                   function=DeltaFunctionCall(name="get_weather"))]))
    for frag in ARG_FRAGMENTS:
        s.delta(DeltaMessage(tool_calls=[DeltaToolCall(index=0, function=DeltaFunctionCall(arguments=frag))]))
    s.delta(None, finish_reason="tool_calls", stop_reason=None)
    s.usage(PROMPT_TOKENS_T, COMPLETION_TOKENS_T, 0)
    return s.done()


def full_response(request_id, model, message, finish_reason, prompt, completion, reasoning_tokens):
    choice = ChatCompletionResponseChoice(index=0, message=message, logprobs=None,
                                          finish_reason=finish_reason, stop_reason=None,
                                          token_ids=None, routed_experts=None)
    usage = UsageInfo(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion,
                      completion_tokens_details=(CompletionTokenUsageInfo(reasoning_tokens=reasoning_tokens)
                                                 if reasoning_tokens is not None else None))
    usage.prompt_tokens_details = None
    resp = ChatCompletionResponse(id=request_id, created=CREATED, model=model, choices=[choice], usage=usage,
                                  system_fingerprint=FINGERPRINT, prompt_logprobs=None, prompt_token_ids=None,
                                  prompt_text=None, kv_transfer_params=None, ec_transfer_params=None, metrics=None)
    return starlette_json(resp.model_dump()).decode()


def reasoning_full():
    msg = ChatMessage(role="assistant", reasoning="".join(REASONING_TOKENS), content="".join(CONTENT_TOKENS))
    return full_response("chatcmpl-3c4d5e6f7a8b9c0d", QWEN3, msg, "stop", PROMPT_TOKENS_R, 21, len(REASONING_TOKENS))


def tool_full():
    msg = ChatMessage(role="assistant", reasoning=None, content=None,
                      tool_calls=[ToolCall(id=TOOL_ID, function=FunctionCall(
                          id=None, name="get_weather", arguments="".join(ARG_FRAGMENTS)))])
    return full_response("chatcmpl-7d6c5b4a39281706", QWEN25, msg, "tool_calls", PROMPT_TOKENS_T,
                         COMPLETION_TOKENS_T, None)


def embeddings():
    # float32 values -> .tolist() -> Python floats (shown as exact float32 values)
    import struct
    def f32(x):
        return struct.unpack("f", struct.pack("f", x))[0]
    vecs = [[f32(v) for v in (-0.0421, 0.0187, 0.0733, -0.0056)], [f32(v) for v in (0.0312, -0.0645, 0.0098, 0.0471)]]
    data = [EmbeddingResponseData(index=i, embedding=v) for i, v in enumerate(vecs)]
    usage = UsageInfo(prompt_tokens=12, total_tokens=12)
    resp = EmbeddingResponse(id="embd-1a2b3c4d5e6f7081", created=CREATED, model=EMB, data=data, usage=usage)
    return starlette_json(resp.model_dump()).decode()


# -------------------------- variant: v0.11.1 .. v0.15.x (dual reasoning fields)
class DualDeltaMessage(OpenAIBaseModel):
    # vllm/entrypoints/openai/protocol.py @ d9ab1ad9d (#27752) .. c5113f60f^ (#33402)
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    reasoning_content: str | None = None
    tool_calls: list[DeltaToolCall] = Field(default_factory=list)

    @model_validator(mode="after")
    def handle_deprecated_reasoning_content(self):
        self.reasoning_content = self.reasoning
        return self


class DualUsageInfo(OpenAIBaseModel):
    prompt_tokens: int = 0
    total_tokens: int = 0
    completion_tokens: int | None = 0
    prompt_tokens_details: PromptTokenUsageInfo | None = None


class DualStreamChoice(OpenAIBaseModel):
    index: int
    delta: DualDeltaMessage
    logprobs: ChatCompletionLogProbs | None = None
    finish_reason: str | None = None
    stop_reason: int | str | None = None
    token_ids: list[int] | None = None


class DualStreamResponse(OpenAIBaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[DualStreamChoice]
    usage: DualUsageInfo | None = Field(default=None)
    prompt_token_ids: list[int] | None = None


def dual_stream():
    rid, out = "chatcmpl-9f1c2d3e4a5b6c7d", []
    def chunk(**kw):
        return DualStreamResponse(id=rid, object="chat.completion.chunk", created=CREATED, model=QWEN3, **kw)
    out.append(sse(chunk(choices=[DualStreamChoice(index=0, delta=DualDeltaMessage(role="assistant", content=""),
                     logprobs=None, finish_reason=None)], prompt_token_ids=None).model_dump_json(exclude_unset=True)))
    # legacy text-based parser (BaseThinkingReasoningParser): "<think>" alone -> None, "</think>" alone -> None
    for t in REASONING_TOKENS:
        out.append(sse(chunk(choices=[DualStreamChoice(index=0, delta=DualDeltaMessage(reasoning=t), logprobs=None,
                   finish_reason=None, token_ids=None)]).model_dump_json(exclude_unset=True)))
    for t in ["\n\n", "17", " *", " 23", " =", " **", "391", "**"]:
        out.append(sse(chunk(choices=[DualStreamChoice(index=0, delta=DualDeltaMessage(content=t), logprobs=None,
                   finish_reason=None, token_ids=None)]).model_dump_json(exclude_unset=True)))
    # EOS step: BaseThinkingReasoningParser returns DeltaMessage(content="") for delta_text ""
    out.append(sse(chunk(choices=[DualStreamChoice(index=0, delta=DualDeltaMessage(content=""), logprobs=None,
               finish_reason="stop", stop_reason=None, token_ids=None)]).model_dump_json(exclude_unset=True)))
    u = DualUsageInfo(prompt_tokens=PROMPT_TOKENS_R, completion_tokens=21, total_tokens=PROMPT_TOKENS_R + 21)
    out.append(sse(DualStreamResponse(id=rid, object="chat.completion.chunk", created=CREATED, choices=[], model=QWEN3,
               usage=u).model_dump_json(exclude_unset=True, exclude_none=True)))
    out.append("data: [DONE]\n\n")
    return "".join(out)


# ------------- variant: upstream main @ 9aaf83ef5 (2026-05-19, ~v0.21/v0.22)
# Differences vs newest: no DeltaMessage/ChatMessage serializer (empty
# tool_calls not dropped), no completion_tokens_details, no routed_experts /
# ec_transfer_params / metrics, legacy (text-diff) Hermes tool parser and
# text-based Qwen3ReasoningParser.
class BUsageInfo(OpenAIBaseModel):
    prompt_tokens: int = 0
    total_tokens: int = 0
    completion_tokens: int | None = 0
    prompt_tokens_details: PromptTokenUsageInfo | None = None


class BDeltaMessage(OpenAIBaseModel):
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    tool_calls: list[DeltaToolCall] = Field(default_factory=list)


class BChatMessage(OpenAIBaseModel):
    role: str
    content: str | None = None
    refusal: str | None = None
    annotations: Any | None = None
    audio: Any | None = None
    function_call: FunctionCall | None = None
    tool_calls: list[ToolCall] = Field(default_factory=list)
    reasoning: str | None = None


class BChoice(OpenAIBaseModel):
    index: int
    message: BChatMessage
    logprobs: ChatCompletionLogProbs | None = None
    finish_reason: str | None = "stop"
    stop_reason: int | str | None = None
    token_ids: list[int] | None = None


class BResponse(OpenAIBaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[BChoice]
    service_tier: Literal["auto", "default", "flex", "scale", "priority"] | None = None
    system_fingerprint: str | None = None
    usage: BUsageInfo
    prompt_logprobs: list[Any] | None = None
    prompt_token_ids: list[int] | None = None
    prompt_text: str | None = None
    kv_transfer_params: dict[str, Any] | None = None


class BStreamChoice(OpenAIBaseModel):
    index: int
    delta: BDeltaMessage
    logprobs: ChatCompletionLogProbs | None = None
    finish_reason: str | None = None
    stop_reason: int | str | None = None
    token_ids: list[int] | None = None


class BStreamResponse(OpenAIBaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[BStreamChoice]
    usage: BUsageInfo | None = Field(default=None)
    system_fingerprint: str | None = None
    prompt_token_ids: list[int] | None = None
    prompt_text: str | None = None


def b_stream(rid, model, deltas, finish, prompt, completion):
    out = []
    def mk(**kw):
        return BStreamResponse(id=rid, object="chat.completion.chunk", created=CREATED, model=model, **kw)
    out.append(sse(mk(choices=[BStreamChoice(index=0, delta=BDeltaMessage(role="assistant", content=""),
               logprobs=None, finish_reason=None)], prompt_token_ids=None, prompt_text=None
               ).model_dump_json(exclude_unset=True)))
    for d in deltas:
        out.append(sse(mk(choices=[BStreamChoice(index=0, delta=d, logprobs=None, finish_reason=None,
                   token_ids=None)]).model_dump_json(exclude_unset=True)))
    out.append(sse(mk(choices=[BStreamChoice(index=0, delta=BDeltaMessage(), logprobs=None, finish_reason=finish,
               stop_reason=None, token_ids=None)]).model_dump_json(exclude_unset=True)))
    u = BUsageInfo(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)
    out.append(sse(BStreamResponse(id=rid, object="chat.completion.chunk", created=CREATED, choices=[], model=model,
               usage=u, system_fingerprint=FINGERPRINT).model_dump_json(exclude_unset=True, exclude_none=True)))
    out.append("data: [DONE]\n\n")
    return "".join(out)


def b_reasoning_stream():
    deltas = [BDeltaMessage(reasoning=t) for t in REASONING_TOKENS]
    # Qwen3ReasoningParser (text based) emits "\n\n" immediately; EOS delta_text "" -> None -> delta {}
    deltas += [BDeltaMessage(content=t) for t in ["\n\n", "17", " *", " 23", " =", " **", "391", "**"]]
    return b_stream("chatcmpl-9f1c2d3e4a5b6c7d", QWEN3, deltas, "stop", PROMPT_TOKENS_R, 21)


def b_tool_stream():
    # legacy Hermes2ProToolParser.extract_tool_calls_streaming:
    #   return DeltaMessage(content=content, tool_calls=tool_call_deltas)   (content may be None)
    name = DeltaToolCall(index=0, type="function", id=TOOL_ID,
                         function=DeltaFunctionCall(name="get_weather").model_dump(exclude_none=True))
    deltas = [BDeltaMessage(content=None, tool_calls=[name])]
    for frag in ['{"', "city", '":', ' "', "Paris", '",', ' "', "unit", '":', ' "', "c", "elsius", '"}']:
        deltas.append(BDeltaMessage(content=None, tool_calls=[DeltaToolCall(
            index=0, function=DeltaFunctionCall(arguments=frag).model_dump(exclude_none=True))]))
    return b_stream("chatcmpl-0f1e2d3c4b5a6978", QWEN25, deltas, "tool_calls", PROMPT_TOKENS_T, COMPLETION_TOKENS_T)


def b_full(rid, model, msg, finish, prompt, completion):
    resp = BResponse(id=rid, created=CREATED, model=model,
                     choices=[BChoice(index=0, message=msg, logprobs=None, finish_reason=finish, stop_reason=None,
                                      token_ids=None)],
                     usage=BUsageInfo(prompt_tokens=prompt, completion_tokens=completion,
                                      total_tokens=prompt + completion),
                     system_fingerprint=FINGERPRINT, prompt_logprobs=None, prompt_token_ids=None, prompt_text=None,
                     kv_transfer_params=None)
    return starlette_json(resp.model_dump()).decode()


def b_reasoning_full():
    return b_full("chatcmpl-3c4d5e6f7a8b9c0d", QWEN3, BChatMessage(
        role="assistant", reasoning="".join(REASONING_TOKENS), content="".join(CONTENT_TOKENS)),
        "stop", PROMPT_TOKENS_R, 21)


def b_tool_full():
    return b_full("chatcmpl-7d6c5b4a39281706", QWEN25, BChatMessage(
        role="assistant", reasoning=None, content=None, tool_calls=[ToolCall(id=TOOL_ID, function=FunctionCall(
            id=None, name="get_weather", arguments="".join(ARG_FRAGMENTS)))]),
        "tool_calls", PROMPT_TOKENS_T, COMPLETION_TOKENS_T)


def b_embeddings():
    # 9aaf83ef5: UsageInfo has no completion_tokens_details field
    import struct
    def f32(x):
        return struct.unpack("f", struct.pack("f", x))[0]
    class BEmbeddingResponse(OpenAIBaseModel):
        id: str
        object: str = "list"
        created: int
        model: str | None = None
        data: list[EmbeddingResponseData]
        usage: BUsageInfo
    vecs = [[f32(v) for v in (-0.0421, 0.0187, 0.0733, -0.0056)], [f32(v) for v in (0.0312, -0.0645, 0.0098, 0.0471)]]
    resp = BEmbeddingResponse(id="embd-1a2b3c4d5e6f7081", created=CREATED, model=EMB,
                              data=[EmbeddingResponseData(index=i, embedding=v) for i, v in enumerate(vecs)],
                              usage=BUsageInfo(prompt_tokens=12, total_tokens=12))
    return starlette_json(resp.model_dump()).decode()


if __name__ == "__main__":
    write("vllm-chat-stream-reasoning.sse", reasoning_stream())
    write("vllm-chat-stream-reasoning-length.sse", reasoning_length_stream())
    write("vllm-chat-stream-tool-calls.sse", tool_stream())
    write("vllm-chat-reasoning.json", reasoning_full())
    write("vllm-chat-tool-calls.json", tool_full())
    write("vllm-embeddings.json", embeddings())
    write("variants/vllm-0.11.1-to-0.15-chat-stream-reasoning.sse", dual_stream())
    write("variants/vllm-main-9aaf83ef5-chat-stream-reasoning.sse", b_reasoning_stream())
    write("variants/vllm-main-9aaf83ef5-chat-stream-tool-calls.sse", b_tool_stream())
    write("variants/vllm-main-9aaf83ef5-chat-reasoning.json", b_reasoning_full())
    write("variants/vllm-main-9aaf83ef5-chat-tool-calls.json", b_tool_full())
    write("variants/vllm-main-9aaf83ef5-embeddings.json", b_embeddings())
