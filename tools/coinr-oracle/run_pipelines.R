# Reference outputs for additional COINr pipelines on the ASEM data (beyond build_example_coin()).
# Every pipeline is run through the transcribed COINr functions in COINr/R.
# Usage: cd tools/coinr-oracle && Rscript run_pipelines.R
# Writes out/<name>/<Dset>.csv (17 significant digits, NA as "NA", NaN as "NaN"),
# out/<name>/pipeline.json (CLI format), treatment_details.csv / treatment_points.csv /
# treatment_log.txt when Treat runs, screening_summary.csv when Screen runs, and
# messages.txt (every warning/message COINr emitted while the pipeline ran).

options(stringsAsFactors = FALSE, warn = 1)
for (f in list.files("COINr/R", full.names = TRUE, pattern = "\\.R$")) source(f)

datadir <- "../../examples/coinr"
read_imeta <- function(path){
  m <- read.csv(path, na.strings = c("NA", ""), check.names = FALSE)
  for (cc in c("Level", "Direction", "Weight", "Target")) m[[cc]] <- as.numeric(m[[cc]])
  for (cc in c("iCode", "iName", "Unit", "Denominator", "Parent", "Type")) m[[cc]] <- as.character(m[[cc]])
  m
}
ASEM_iData <- read.csv(file.path(datadir, "ASEM_iData.csv"), na.strings = c("NA", ""), check.names = FALSE)
ASEM_iMeta <- read_imeta(file.path(datadir, "ASEM_iMeta.csv"))
num_cols <- setdiff(names(ASEM_iData), c("uName", "uCode", "GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"))
for (cc in num_cols) ASEM_iData[[cc]] <- as.numeric(ASEM_iData[[cc]])

lvl_names <- c("Indicator", "Pillar", "Sub-index", "Index")
mk_coin <- function(iMeta = ASEM_iMeta) new_coin(ASEM_iData, iMeta, level_names = lvl_names, quietly = TRUE)

fmt_df <- function(df, digits = 17){
  as.data.frame(lapply(df, function(y){
    if (is.numeric(y)) ifelse(is.na(y), ifelse(is.nan(y), "NaN", "NA"), sprintf(paste0("%.", digits, "g"), y)) else y
  }), check.names = FALSE)
}

# ---- running a pipeline with its messages/warnings captured ----
run_captured <- function(expr_fun){
  msgs <- character(0)
  res <- withCallingHandlers(expr_fun(),
    warning = function(w){ msgs <<- c(msgs, paste0("WARNING: ", conditionMessage(w))); invokeRestart("muffleWarning") },
    message = function(m){ msgs <<- c(msgs, paste0("MESSAGE: ", sub("\n$", "", conditionMessage(m)))); invokeRestart("muffleMessage") })
  list(coin = res, msgs = msgs)
}

treat_log <- function(coin, dset_in, winmax, file){
  tr <- coin$Analysis$Treated
  dets <- tr$Dets_Table
  tp <- cbind(uCode = coin$Data[[dset_in]]$uCode, tr$Treated_Points)
  con <- file(file, "w")
  writeLines(sprintf("Treatment log (COINr Treat, winmax = %s) on dset '%s'", winmax, dset_in), con)
  writeLines("iCode, initial skew/kurt, action, treated points (last winsorisation marks are kept even when discarded)\n", con)
  for (i in seq_len(nrow(dets))) {
    r <- dets[i, ]; ic <- r$iCode; pts <- tp[[ic]]
    tpts <- tp$uCode[pts != ""]
    p2 <- if (!is.null(r$check_SkewKurt2.Pass)) r$check_SkewKurt2.Pass else NA
    action <- if (isTRUE(r$check_SkewKurt0.Pass)) "none (passes)" else if (isTRUE(r$check_SkewKurt1.Pass))
      paste0("winsorised (nwin = ", r$winsorise.nwin, ")") else
      sprintf("log_CT on original data (winsorisation nwin=%s discarded); final skew=%.4f kurt=%.4f pass=%s",
              r$winsorise.nwin, r$check_SkewKurt2.Skew, r$check_SkewKurt2.Kurt, p2)
    writeLines(sprintf("%-10s skew0=%9.4f kurt0=%9.4f  %s %s", ic, r$check_SkewKurt0.Skew, r$check_SkewKurt0.Kurt, action,
                       if (length(tpts) && !grepl("log_CT", action)) paste0("[", paste(paste0(tpts, ":", pts[pts != ""]), collapse = ", "), "]") else ""), con)
  }
  close(con)
  list(dets = dets, points = tp)
}

write_pipeline <- function(name, coin, msgs, json, treat_in = NULL, winmax = 5){
  od <- file.path("out", name)
  dir.create(od, showWarnings = FALSE, recursive = TRUE)
  for (ds in names(coin$Data)) {
    write.csv(fmt_df(coin$Data[[ds]]), file.path(od, paste0(ds, ".csv")), row.names = FALSE, quote = TRUE)
  }
  writeLines(json, file.path(od, "pipeline.json"))
  if (!is.null(coin$Analysis$Treated)) {
    tl <- treat_log(coin, treat_in, winmax, file.path(od, "treatment_log.txt"))
    write.csv(fmt_df(tl$dets), file.path(od, "treatment_details.csv"), row.names = FALSE)
    write.csv(tl$points, file.path(od, "treatment_points.csv"), row.names = FALSE)
  }
  if (!is.null(coin$Analysis$Screened)) {
    write.csv(fmt_df(coin$Analysis$Screened$DataSummary), file.path(od, "screening_summary.csv"), row.names = FALSE)
  }
  msgs <- unique(msgs[!grepl("^MESSAGE: Written data set to", msgs)])
  writeLines(if (length(msgs)) msgs else "(none)", file.path(od, "messages.txt"))
  ag <- coin$Data$Aggregated
  ord <- order(-ag$Index)
  cat(sprintf("%-24s dsets=%s units=%d  top: %s %.6f  bottom: %s %.6f  NA in Index: %d\n", name,
              paste(names(coin$Data), collapse = ","), nrow(ag), ag$uCode[ord[1]], ag$Index[ord[1]],
              ag$uCode[ord[nrow(ag)]], ag$Index[ord[nrow(ag)]], sum(is.na(ag$Index))))
}

# JSON step snippets (CLI format)
J <- list(
  den   = '{"op": "denominate"}',
  impGM = '{"op": "impute", "method": "groupMean", "group": "EurAsia_group"}',
  impM  = '{"op": "impute", "method": "mean"}',
  impMd = '{"op": "impute", "method": "median"}',
  scr   = '{"op": "screen", "minDataAvailability": 0.9}',
  trt5  = '{"op": "treat", "winmax": 5, "skewThreshold": 2, "kurtosisThreshold": 3.5}',
  trt3  = '{"op": "treat", "winmax": 3, "skewThreshold": 2, "kurtosisThreshold": 3.5}',
  mm0   = '{"op": "normalise", "method": "minMax", "range": [0, 100]}',
  mm1   = '{"op": "normalise", "method": "minMax", "range": [1, 100]}',
  zs    = '{"op": "normalise", "method": "zScore", "mean": 0, "sd": 1}',
  rank  = '{"op": "normalise", "method": "rank"}',
  prank = '{"op": "normalise", "method": "percentRank"}',
  d2max = '{"op": "normalise", "method": "distToMax"}',
  d2t   = '{"op": "normalise", "method": "distToTarget"}',
  gp    = '{"op": "normalise", "method": "goalposts"}',
  am    = '{"op": "aggregate", "method": "arithmeticMean"}',
  gm    = '{"op": "aggregate", "method": "geometricMean"}',
  hm    = '{"op": "aggregate", "method": "harmonicMean"}',
  genm2 = '{"op": "aggregate", "method": "generalisedMean", "p": 2}'
)
mkjson <- function(...) paste0('{"steps": [', paste(unlist(J[c(...)]), collapse = ", "), ']}')

# common front part of build_example_coin(): Denominate -> Impute(grp mean) -> Screen(0.9) -> Treat(winmax 5)
example_front <- function(){
  coin <- mk_coin()
  coin <- Denominate(coin, dset = "Raw")
  coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
  coin <- Screen(coin, dset = "Imputed", dat_thresh = 0.9, unit_screen = "byNA")
  Treat(coin, dset = "Screened", global_specs = list(f1_para = list(winmax = 5)))
}

pipelines <- list()

# 1. screen_first
pipelines$screen_first <- list(treat_in = "Imputed", json = mkjson("den", "scr", "impGM", "trt5", "mm0", "am"), f = function(){
  coin <- mk_coin()
  coin <- Denominate(coin, dset = "Raw")
  coin <- Screen(coin, dset = "Denominated", dat_thresh = 0.9, unit_screen = "byNA")
  coin <- Impute(coin, dset = "Screened", f_i = "i_mean_grp", use_group = "EurAsia_group")
  coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
})

# 2. minmax_1_100_geometric
pipelines$minmax_1_100_geometric <- list(treat_in = "Screened", json = mkjson("den", "impGM", "scr", "trt5", "mm1", "gm"), f = function(){
  coin <- example_front()
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_gmean")
})

# 3. zscore
pipelines$zscore <- list(treat_in = "Screened", json = mkjson("den", "impGM", "scr", "trt5", "zs", "am"), f = function(){
  coin <- example_front()
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_zscore", f_n_para = list(m_sd = c(0, 1))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
})

# 4. median_impute_harmonic (no screen)
pipelines$median_impute_harmonic <- list(treat_in = "Imputed", json = mkjson("den", "impMd", "trt5", "mm1", "hm"), f = function(){
  coin <- mk_coin()
  coin <- Denominate(coin, dset = "Raw")
  coin <- Impute(coin, dset = "Denominated", f_i = "i_median")
  coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_hmean")
})

# 5. no_treat_{rank,prank,dist2max}
no_treat <- function(fn) function(){
  coin <- mk_coin()
  coin <- Denominate(coin, dset = "Raw")
  coin <- Impute(coin, dset = "Denominated", f_i = "i_mean")
  coin <- Normalise(coin, dset = "Imputed", global_specs = list(f_n = fn))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
}
pipelines$no_treat_rank     <- list(json = mkjson("den", "impM", "rank", "am"),  f = no_treat("n_rank"))
pipelines$no_treat_prank    <- list(json = mkjson("den", "impM", "prank", "am"), f = no_treat("n_prank"))
pipelines$no_treat_dist2max <- list(json = mkjson("den", "impM", "d2max", "am"), f = no_treat("n_dist2max"))

# 6. genmean p = 2
pipelines$genmean <- list(treat_in = "Screened", json = mkjson("den", "impGM", "scr", "trt5", "mm0", "genm2"), f = function(){
  coin <- example_front()
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_genmean", f_ag_para = list(list(p = 2)))
})

# 7. dist2targ with targets from iMeta
pipelines$dist2targ <- list(treat_in = "Imputed", json = mkjson("den", "impGM", "trt5", "d2t", "am"), f = function(){
  coin <- mk_coin()
  coin <- Denominate(coin, dset = "Raw")
  coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
  coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_dist2targ", f_n_para = "use_iMeta"))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
})

# 8. raw_no_denominate, winmax 3
pipelines$raw_no_denominate <- list(treat_in = "Imputed", winmax = 3, json = mkjson("impM", "trt3", "mm0", "am"), f = function(){
  coin <- mk_coin()
  coin <- Impute(coin, dset = "Raw", f_i = "i_mean")
  coin <- Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 3)))
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_minmax", f_n_para = list(c(0, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
})

# 9. goalposts from iMeta (goalpost_lower/upper/scale/trunc2posts); posts = min/max of the Treated column
gp_front <- function(coin){
  coin <- Denominate(coin, dset = "Raw")
  coin <- Impute(coin, dset = "Denominated", f_i = "i_mean_grp", use_group = "EurAsia_group")
  Treat(coin, dset = "Imputed", global_specs = list(f1_para = list(winmax = 5)))
}
make_gp_meta <- function(){
  tr <- suppressMessages(suppressWarnings(gp_front(mk_coin())))$Data$Treated
  m <- ASEM_iMeta
  isind <- m$Type == "Indicator"
  m$goalpost_lower <- NA_real_; m$goalpost_upper <- NA_real_; m$goalpost_scale <- NA_real_; m$goalpost_trunc2posts <- NA
  m$goalpost_lower[isind] <- sapply(m$iCode[isind], function(ic) min(tr[[ic]], na.rm = TRUE))
  m$goalpost_upper[isind] <- sapply(m$iCode[isind], function(ic) max(tr[[ic]], na.rm = TRUE))
  m$goalpost_scale[isind] <- 100
  m$goalpost_trunc2posts[isind] <- TRUE
  # write: shortest of %.15g/%.16g/%.17g that round-trips exactly; NA as empty cell (as in ASEM_iMeta.csv)
  rt <- function(v) vapply(v, function(z){
    if (is.na(z)) return("")
    for (d in 15:17) { s <- sprintf(paste0("%.", d, "g"), z); if (as.numeric(s) == z) return(s) }
    s }, "")
  mo <- m
  for (cc in names(mo)) if (is.numeric(mo[[cc]])) mo[[cc]] <- rt(mo[[cc]])
  mo$goalpost_trunc2posts <- ifelse(is.na(m$goalpost_trunc2posts), "", "TRUE")
  dir.create("out/goalposts", showWarnings = FALSE, recursive = TRUE)
  write.csv(mo, "out/goalposts/meta.csv", row.names = FALSE, na = "",
            quote = which(!(names(m) %in% c(names(m)[sapply(m, is.numeric)], "goalpost_trunc2posts"))))
  # read back, so the coin is built from exactly what meta.csv holds
  m2 <- read_imeta("out/goalposts/meta.csv")
  stopifnot(identical(m2$goalpost_lower, m$goalpost_lower), identical(m2$goalpost_upper, m$goalpost_upper),
            is.logical(m2$goalpost_trunc2posts))
  m2
}
pipelines$goalposts <- list(treat_in = "Imputed", json = mkjson("den", "impGM", "trt5", "gp", "am"), f = function(){
  coin <- gp_front(mk_coin(make_gp_meta()))
  coin <- Normalise(coin, dset = "Treated", global_specs = list(f_n = "n_goalposts", f_n_para = "use_iMeta"))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
})

results <- list()
for (nm in names(pipelines)) {
  p <- pipelines[[nm]]
  r <- tryCatch(run_captured(p$f), error = function(e) { cat(nm, "FAILED:", conditionMessage(e), "\n"); NULL })
  if (is.null(r)) next
  write_pipeline(nm, r$coin, r$msgs, p$json, treat_in = p$treat_in, winmax = if (is.null(p$winmax)) 5 else p$winmax)
  results[[nm]] <- r$coin
}
saveRDS(results, "out/pipelines_coins.rds")
