# Source: bluefoxr/COINr R/screen_units.R (commit 0889f05c140dbad03afb2aea5aa8ef5489fa35db)
# Purse method and get_data_avail.coin omitted.

Screen <- function (x, ...){
  UseMethod("Screen")
}

Screen.data.frame <- function(x, id_col = NULL, unit_screen, dat_thresh = NULL, nonzero_thresh = NULL,
                              Force = NULL, ...){

  stopifnot(is.data.frame(x))

  if(is.null(dat_thresh)){
    dat_thresh <- 2/3
  }
  if(is.null(nonzero_thresh)){
    nonzero_thresh <- 0.05
  }
  stopifnot(dat_thresh >= 0,
            dat_thresh <= 1,
            nonzero_thresh >= 0,
            nonzero_thresh <= 1)

  l <- get_data_avail(x)

  l <- cbind(l,
             LowData = l$Dat_Avail < dat_thresh,
             LowNonZero = l$Non_Zero < nonzero_thresh,
             LowDatOrZeroFlag = (l$Dat_Avail < dat_thresh) | (l$Non_Zero < nonzero_thresh))

  if (unit_screen == "byNA"){
    l$Included <- !l$LowData
  } else if (unit_screen == "byzeros"){
    l$Included <- !l$LowNonZero
  } else if (unit_screen == "byNAandzeros"){
    l$Included <- !l$LowDatOrZeroFlag
  } else {
    stop("unit_screen argument value not recognised...")
  }

  if (!is.null(Force)){
    if(is.null(id_col)){
      stop("id_col must be specified if Force is specified")
    }
    stopifnot(!is.null(Force$uCode),
              !is.null(Force$Include),
              is.character(Force$uCode),
              is.logical(Force$Include),
              is.character(id_col),
              id_col %in% names(x))
    if(any(Force$uCode %nin% x[[id_col]])){
      stop("One or more entries in Force$uCode not found in data frame.")
    }
    l$Included[l$uCode %in% Force$uCode[Force$Include == TRUE]] <- TRUE
    l$Included[l$uCode %in% Force$uCode[Force$Include == FALSE]] <- FALSE
  }

  ScreenedData <- x[l$Included, ]
  RemovedUnits <- l$uCode[!(l$Included)]

  list(ScreenedData = ScreenedData,
       DataSummary = l,
       RemovedUnits = RemovedUnits)
}

Screen.coin <- function(x, dset, unit_screen, dat_thresh = NULL, nonzero_thresh = NULL,
                              Force = NULL, out2 = "coin", write_to = NULL, ...){

  coin <- write_log(x, dont_write = "x")

  iData <- get_dset(coin, dset)

  l_out <- Screen.data.frame(iData, id_col = "uCode", unit_screen = unit_screen,
                                   dat_thresh = dat_thresh, nonzero_thresh = nonzero_thresh,
                                   Force = Force)

  if(out2 == "list"){
    l_out
  } else {
    if(is.null(write_to)){
      write_to <- "Screened"
    }
    coin <- write_dset(coin, l_out$ScreenedData, dset = write_to)
    write2coin(coin, l_out[names(l_out) != "ScreenedData"], out2, "Analysis", write_to)
  }
}

get_data_avail <- function(x, ...){
  UseMethod("get_data_avail")
}

get_data_avail.data.frame <- function(x, ...){

  xsplit <- split_by_numeric(x)
  x_ <- xsplit$numeric

  nabyrow <- rowSums(is.na(x_)) # number of missing data by row
  zerobyrow <- rowSums(x_ == 0, na.rm = TRUE) # number of zeros for each row
  nazerobyrow <- nabyrow + zerobyrow # number of zeros or NAs for each row
  Prc_avail = 1 - nabyrow/ncol(x_) # the percentage of data available
  Prc_nonzero = 1 - zerobyrow/(ncol(x_) - nabyrow) # the percentage of non zeros

  data.frame(xsplit$not_numeric,
             N_missing = nabyrow,
             N_zero = zerobyrow,
             N_miss_or_zero = nazerobyrow,
             Dat_Avail = Prc_avail,
             Non_Zero = Prc_nonzero
  )

}
