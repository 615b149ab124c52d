"""Where people live, as far as reports need it: postcode -> data zone -> SIMD deprivation."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from linkwork.core.postcodes import validate_postcode


class DatazoneVintage(models.TextChoices):
    DZ2011 = "dz2011", "Data Zone 2011"
    DZ2022 = "dz2022", "Data Zone 2022"


class SimdVersion(models.TextChoices):
    SIMD2020V2 = "simd2020v2", "SIMD 2020v2"


class DecileScheme(models.TextChoices):
    """The two publishers cut SIMD ranks into bands differently; reports must say which."""

    PHS_POPULATION_WEIGHTED = "phs_population", "PHS population-weighted"
    SG_EQUAL_DATA_ZONES = "sg_datazones", "Scottish Government equal data zones"


class Postcode(models.Model):
    """One postcode's data zone and SIMD figures, as loaded from a published lookup file."""

    postcode = models.CharField(
        max_length=8,
        primary_key=True,
        validators=[validate_postcode],
        help_text="Normalised: upper case, one space before the inward code, e.g. G51 3HR.",
    )
    datazone = models.CharField(
        max_length=9,
        db_index=True,
        validators=[RegexValidator(r"^S01\d{6}$", "A data zone code is S01 and six digits.")],
    )
    datazone_vintage = models.CharField(max_length=6, choices=DatazoneVintage.choices)
    simd_version = models.CharField(max_length=12, choices=SimdVersion.choices)
    simd_rank = models.PositiveIntegerField(
        validators=[MinValueValidator(1)], help_text="1 is the most deprived data zone."
    )
    simd_decile = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="1 is the most deprived tenth.",
    )
    simd_quintile = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 is the most deprived fifth.",
    )
    decile_scheme = models.CharField(max_length=14, choices=DecileScheme.choices)
    # Filled later from the NRS Scottish Postcode Directory.
    latitude = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    source_name = models.CharField(max_length=255, help_text="The file this row was loaded from.")
    loaded_at = models.DateTimeField()
    is_synthetic = models.BooleanField(default=False, help_text="Invented demo data, not SIMD.")

    class Meta:
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(simd_decile__gte=1, simd_decile__lte=10),
                name="places_postcode_decile_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(simd_quintile__gte=1, simd_quintile__lte=5),
                name="places_postcode_quintile_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(simd_rank__gte=1), name="places_postcode_rank_from_1"
            ),
        ]

    def __str__(self) -> str:
        return self.postcode


class PostcodeCentroid(models.Model):
    """Where one postcode is: its centroid, from the NRS Scottish Postcode Directory or the
    ONS Postcode Directory (`linkwork postcodes load FILE`). Kept apart from `Postcode`,
    which needs SIMD figures that a centroid file does not carry."""

    postcode = models.CharField(max_length=8, primary_key=True, validators=[validate_postcode])
    district = models.CharField(max_length=4, db_index=True, help_text="Outward code: G51.")
    area = models.CharField(max_length=2, db_index=True, help_text="Postcode area: G, PA.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    source_name = models.CharField(max_length=255)
    loaded_at = models.DateTimeField()
    is_synthetic = models.BooleanField(default=False, help_text="Invented demo data.")

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode


class AreaCentroid(models.Model):
    """The mean centroid of a postcode district or area, rebuilt after every load: where an
    unknown postcode falls back to, with the distance shown as approximate."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "Postcode district"
        AREA = "area", "Postcode area"

    code = models.CharField(max_length=4, primary_key=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(help_text="How many postcodes the mean is over.")

    def __str__(self) -> str:
        return self.code
