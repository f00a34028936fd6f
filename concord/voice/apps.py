from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "concord.voice"
    label = "voice"
    verbose_name = "Feedback, complaints and involvement"
