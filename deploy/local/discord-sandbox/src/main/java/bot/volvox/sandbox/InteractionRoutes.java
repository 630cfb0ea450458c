package bot.volvox.sandbox;

import bot.volvox.sandbox.Entities.Message;
import io.vertx.core.json.JsonObject;

/**
 * Answering interactions: the callback (within 3 s, once), then the interaction webhook (for 15 minutes): the
 * original response ({@code @original}) and follow-ups. Authenticated by the interaction token, not the bot token.
 */
final class InteractionRoutes {
    private final SandboxState state;

    InteractionRoutes(SandboxState state) {
        this.state = state;
    }

    void register(RestApi.Routes routes) {
        routes.token("POST", "interactions/{interaction_id}/{interaction_token}/callback", this::callback);
        routes.token("POST", "webhooks/{application_id}/{interaction_token}", this::followup);
        routes.token("GET", "webhooks/{application_id}/{interaction_token}/messages/{message_id}", call -> {
            Message message = webhookMessage(liveInteraction(call), call.param("message_id"));
            if (message == null) {
                throw DiscordApiException.unknownMessage();
            }
            return state.json.message(message);
        });
        routes.token("PATCH", "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
                this::editWebhookMessage);
        routes.token("DELETE", "webhooks/{application_id}/{interaction_token}/messages/{message_id}", call -> {
            Message message = webhookMessage(liveInteraction(call), call.param("message_id"));
            if (message == null) {
                throw DiscordApiException.unknownMessage();
            }
            state.ephemeralMessages.remove(message.id());
            if (state.messages.containsKey(message.id())) {
                state.deleteMessage(message);
            }
            return null;
        });
    }

    private Object callback(RestApi.Call call) {
        Interaction interaction = state.interactions.get(call.id("interaction_id"));
        if (interaction == null || !interaction.token.equals(call.param("interaction_token"))) {
            throw new DiscordApiException(404, 10062, "Unknown interaction");
        }
        long elapsedMs = (state.nowNanos() - interaction.dispatchedNanos) / 1_000_000;
        if (interaction.callbackType != 0) {
            interaction.rejectedCallbacks++;
            throw new DiscordApiException(400, 40060, "Interaction has already been acknowledged.");
        }
        if (elapsedMs > SandboxState.INTERACTION_CALLBACK_WINDOW.toMillis()) {
            interaction.rejectedCallbacks++;
            throw new DiscordApiException(404, 10062, "Unknown interaction");
        }
        JsonObject body = call.body();
        int type = body.getInteger("type", 0);
        JsonObject data = body.getJsonObject("data", new JsonObject());
        if (type < 4 || type > 10) {
            throw DiscordApiException.invalidForm("type", "BASE_TYPE_CHOICES",
                    "Value must be one of (4, 5, 6, 7, 8, 9, 10).");
        }
        int flags = data.getInteger("flags", 0);
        JsonObject resource = new JsonObject().put("type", type);
        if (type == 4) {
            Message message = state.createMessage(interaction.channelId, state.botId, data, state.applicationId, 0,
                    true);
            interaction.originalMessageId = message.id();
            interaction.originalContent = message.content();
            interaction.callbackContent = message.content();
            resource.put("message", state.json.message(message));
        } else if (type == 5 && (flags & SandboxState.EPHEMERAL) == 0) {
            interaction.originalMessageId = state.createLoadingMessage(interaction.channelId).id();
        } else if (type == 7) {
            Message original = interaction.componentMessageId == null ? null
                    : state.messages.get(interaction.componentMessageId);
            if (original != null) {
                interaction.callbackContent = state.editMessage(original, data).content();
            }
        }
        interaction.callbackType = type;
        interaction.ephemeral = (flags & SandboxState.EPHEMERAL) != 0;
        interaction.callbackElapsedMs = elapsedMs;
        interaction.callbackBody = body.encode();
        JsonObject interactionJson = new JsonObject().put("id", Long.toString(interaction.id))
                .put("type", interaction.type)
                .put("response_message_loading", type == 5)
                .put("response_message_ephemeral", interaction.ephemeral);
        if (interaction.originalMessageId != null) {
            interactionJson.put("response_message_id", Long.toString(interaction.originalMessageId));
        }
        return new JsonObject().put("interaction", interactionJson).put("resource", resource);
    }

    private Interaction liveInteraction(RestApi.Call call) {
        Interaction interaction = state.interactionByToken(call.param("interaction_token"));
        if (interaction == null || !Long.toString(state.applicationId).equals(call.param("application_id"))) {
            throw new DiscordApiException(404, 10015, "Unknown Webhook");
        }
        if (state.now().isAfter(interaction.createdAt.plus(SandboxState.INTERACTION_TOKEN_LIFETIME))) {
            throw new DiscordApiException(401, 50027, "Invalid Webhook Token");
        }
        if (interaction.callbackType == 0) {
            throw new DiscordApiException(404, 10015, "Unknown Webhook");
        }
        return interaction;
    }

    private Message webhookMessage(Interaction interaction, String messageId) {
        long id = "@original".equals(messageId) ? interaction.originalMessageId == null ? -1
                : interaction.originalMessageId : Long.parseLong(messageId);
        Message message = state.anyMessage(id);
        if (message == null && id == -1 && interaction.ephemeral) {
            // An ephemeral deferral has no stored message yet; Discord creates it on the first edit.
            return null;
        }
        if (message == null) {
            throw DiscordApiException.unknownMessage();
        }
        return message;
    }

    private Object followup(RestApi.Call call) {
        Interaction interaction = liveInteraction(call);
        JsonObject body = call.body();
        Message message;
        boolean completesDeferral = interaction.callbackType == 5 && interaction.originalContent == null;
        Message loading = interaction.originalMessageId == null ? null
                : state.messages.get(interaction.originalMessageId);
        if (completesDeferral && loading != null) {
            // Discord: the first follow-up after a deferral replaces the "is thinking..." message.
            message = state.editMessage(state.finishLoading(loading), body, false);
        } else {
            // ...and inherits the deferral's ephemerality.
            int flags = completesDeferral && interaction.ephemeral ? SandboxState.EPHEMERAL : 0;
            message = state.createMessage(interaction.channelId, state.botId, body, state.applicationId, flags,
                    true);
        }
        if (completesDeferral) {
            interaction.originalMessageId = message.id();
            interaction.originalContent = message.content();
        }
        boolean ephemeral = (message.flags() & SandboxState.EPHEMERAL) != 0;
        interaction.followups.add(new InteractionState.Followup(Long.toString(message.id()), message.content(),
                ephemeral, body.encode()));
        return state.json.message(message);
    }

    private Object editWebhookMessage(RestApi.Call call) {
        Interaction interaction = liveInteraction(call);
        String messageId = call.param("message_id");
        JsonObject body = call.body();
        boolean original = "@original".equals(messageId);
        Message message = null;
        if (original && interaction.originalMessageId != null) {
            message = state.anyMessage(interaction.originalMessageId);
        } else if (!original) {
            message = webhookMessage(interaction, messageId);
        }
        if (message == null) {
            // Ephemeral original responses are never visible in the channel; keep them on the interaction only.
            int flags = interaction.ephemeral ? SandboxState.EPHEMERAL : 0;
            message = state.createMessage(interaction.channelId, state.botId, body, state.applicationId, flags,
                    true);
            interaction.originalMessageId = message.id();
        } else {
            boolean wasLoading = (message.flags() & SandboxState.LOADING) != 0;
            message = state.editMessage(state.finishLoading(message), body, !wasLoading);
        }
        if (original || Long.valueOf(message.id()).equals(interaction.originalMessageId)) {
            interaction.originalContent = message.content();
        } else {
            for (int i = 0; i < interaction.followups.size(); i++) {
                InteractionState.Followup followup = interaction.followups.get(i);
                if (followup.messageId().equals(Long.toString(message.id()))) {
                    interaction.followups.set(i, new InteractionState.Followup(followup.messageId(),
                            message.content(), followup.ephemeral(), body.encode()));
                }
            }
        }
        return state.json.message(message);
    }
}
