from linkwork.core.static_storage import StaticFilesStorage


def test_static_files_are_gzipped_but_not_brotli_compressed(tmp_path):
    """Brotli at its highest level made `linkwork serve` take a minute to start."""
    compressor = StaticFilesStorage(location=tmp_path).create_compressor(quiet=True)
    assert compressor.use_gzip
    assert not compressor.use_brotli
    (tmp_path / "app.css").write_text("body { color: #212b32; }\n" * 200)
    made = list(compressor.compress(str(tmp_path / "app.css")))
    assert [p.rsplit(".", 1)[1] for p in made] == ["gz"]
