"""Static files: hashed names and gzip copies, made by `linkwork serve` at each start."""

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage without Brotli copies. Brotli came with WeasyPrint (through
    fonttools); compressing every file at its highest level on each start took a minute of
    CPU before the server answered. Gzip, which every browser takes, is kept."""

    def create_compressor(self, **kwargs) -> Compressor:
        return Compressor(use_brotli=False, **kwargs)
