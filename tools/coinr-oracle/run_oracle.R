# Reference oracle: builds COINr's example coin (build_example_coin()) from the transcribed
# COINr sources in COINr/R and the CSV copies of the ASEM data, and writes every data set.
# Usage: Rscript run_oracle.R   (from tools/coinr-oracle)

options(stringsAsFactors = FALSE, warn = 1)
for (f in list.files("COINr/R", full.names = TRUE, pattern = "\\.R$")) source(f)

datadir <- "../../examples/coinr"
# Reconstruct the package data frames. Empty strings are NA (in the .rda, NA character
# entries such as iMeta$Parent / iMeta$Denominator are real NAs).
ASEM_iData <- read.csv(file.path(datadir, "ASEM_iData.csv"), na.strings = c("NA", ""),
                       check.names = FALSE)
ASEM_iMeta <- read.csv(file.path(datadir, "ASEM_iMeta.csv"), na.strings = c("NA", ""),
                       check.names = FALSE)
# column types as in the package data
for (cc in c("Level", "Direction", "Weight", "Target")) ASEM_iMeta[[cc]] <- as.numeric(ASEM_iMeta[[cc]])
for (cc in c("iCode", "iName", "Unit", "Denominator", "Parent", "Type")) ASEM_iMeta[[cc]] <- as.character(ASEM_iMeta[[cc]])
num_cols <- setdiff(names(ASEM_iData), c("uName", "uCode", "GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"))
for (cc in num_cols) ASEM_iData[[cc]] <- as.numeric(ASEM_iData[[cc]])

coin <- build_example_coin(quietly = TRUE)

outdir <- "out"
dir.create(outdir, showWarnings = FALSE)
dir.create(file.path(outdir, "g17"), showWarnings = FALSE)

fmt_df <- function(df, digits){
  as.data.frame(lapply(df, function(y){
    if (is.numeric(y)) {
      out <- ifelse(is.na(y), ifelse(is.nan(y), "NaN", "NA"), sprintf(paste0("%.", digits, "g"), y))
      out
    } else y
  }), check.names = FALSE)
}
write_dset_csv <- function(df, name){
  write.csv(fmt_df(df, 15), file.path(outdir, paste0(name, ".csv")), row.names = FALSE, quote = TRUE)
  write.csv(fmt_df(df, 17), file.path(outdir, "g17", paste0(name, ".csv")), row.names = FALSE, quote = TRUE)
}

for (ds in names(coin$Data)) write_dset_csv(coin$Data[[ds]], ds)

# ---- treatment log ----
tr <- coin$Analysis$Treated
dets <- tr$Dets_Table
write.csv(fmt_df(dets, 15), file.path(outdir, "treatment_details.csv"), row.names = FALSE)
tp <- tr$Treated_Points
tp <- cbind(uCode = coin$Data$Screened$uCode, tp)
write.csv(tp, file.path(outdir, "treatment_points.csv"), row.names = FALSE)

# compact human-readable log
sink(file.path(outdir, "treatment_log.txt"))
cat("Treatment log (COINr Treat defaults, winmax = 5) on dset 'Screened'\n")
cat("Columns: iCode, initial skew/kurt, action, points treated, final skew/kurt, final pass\n\n")
for (i in seq_len(nrow(dets))) {
  r <- dets[i, ]
  ic <- r$iCode
  pts <- tp[[ic]]
  tpts <- tp$uCode[pts != ""]
  action <- if (isTRUE(r$check_SkewKurt0.Pass)) "none (passes)" else if (isTRUE(r$check_SkewKurt1.Pass)) paste0("winsorised (", r$winsorise.nwin, " pts)") else "log_CT (on original data; winsorisation discarded)"
  final_pass <- if (!is.null(r$check_SkewKurt2.Pass) && !is.na(r$check_SkewKurt2.Pass)) r$check_SkewKurt2.Pass else if (!is.na(r$check_SkewKurt1.Pass)) r$check_SkewKurt1.Pass else r$check_SkewKurt0.Pass
  cat(sprintf("%-10s skew0=%9.4f kurt0=%9.4f  %-50s %s\n", ic, r$check_SkewKurt0.Skew, r$check_SkewKurt0.Kurt, action,
              if (length(tpts)) paste0("[", paste(paste0(tpts, ":", pts[pts != ""]), collapse = ", "), "]") else ""))
}
sink()

# ---- screening summary ----
write.csv(fmt_df(coin$Analysis$Screened$DataSummary, 15), file.path(outdir, "screening_summary.csv"), row.names = FALSE)

# ---- results (as get_results(): rank on unrounded Index, ties.method = "min") ----
ag <- coin$Data$Aggregated
res <- data.frame(uCode = ag$uCode, uName = coin$Meta$Unit$uName[match(ag$uCode, coin$Meta$Unit$uCode)],
                  Index = ag$Index, Rank = rank(-1*ag$Index, na.last = "keep", ties.method = "min"),
                  Conn = ag$Conn, Sust = ag$Sust)
res <- res[order(-res$Index), ]
write.csv(fmt_df(res, 15), file.path(outdir, "results_index_ranked.csv"), row.names = FALSE)

cat("Data sets:", paste(names(coin$Data), collapse = ", "), "\n")
cat("Units in Screened:", nrow(coin$Data$Screened), " removed:", paste(coin$Analysis$Screened$RemovedUnits, collapse=","), "\n")
print(head(res, 5), digits = 15, row.names = FALSE)
print(tail(res, 1), digits = 15, row.names = FALSE)
print(res[res$uCode == "IND", ], digits = 15, row.names = FALSE)
