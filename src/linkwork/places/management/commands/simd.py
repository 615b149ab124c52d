from linkwork.places.management.loading import LoadFileCommand
from linkwork.places.services import SIMD_ATTRIBUTION, SimdFileError, load_simd_file


class Command(LoadFileCommand):
    help = "SIMD deprivation lookups. `linkwork simd load FILE` loads a postcode lookup."
    load_help = "Load a PHS or Scottish Government postcode -> SIMD 2020v2 lookup (CSV or .xlsx)."
    file_help = "The lookup file, saved locally."
    attribution = SIMD_ATTRIBUTION
    error = SimdFileError

    def load(self, *, path, synthetic):
        return load_simd_file(path=path, synthetic=synthetic)

    def describe(self, report) -> str:
        layout = report.layout
        return f"Loaded {report.source_name} as the {layout.name} ({layout.scheme.label} deciles)."
