from linkwork.places.centroids import CENTROID_ATTRIBUTION, CentroidFileError, load_centroid_file
from linkwork.places.management.loading import LoadFileCommand


class Command(LoadFileCommand):
    help = "Postcode centroids. `linkwork postcodes load FILE` loads NRS SPD or ONSPD (CSV)."
    load_help = "Load postcode centroids from the NRS Scottish Postcode Directory or the ONSPD."
    file_help = "The CSV file, saved locally."
    attribution = CENTROID_ATTRIBUTION
    error = CentroidFileError

    def load(self, *, path, synthetic):
        return load_centroid_file(path=path, synthetic=synthetic)
