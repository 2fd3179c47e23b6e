# Source: bluefoxr/COINr R/check_and_get.R (commit 1b03647fe0da06834864a24bef2f6f58441e8879)
# NOTE: in the stored version get_dset.coin reads `coin$Meta$Unit` (undefined variable `coin`
# inside the method); here `x$Meta$Unit` is used, which is what later versions do.

check_dset <- function(x, dset, ...){
  UseMethod("check_dset")
}

check_dset.coin <- function(x, dset){

  stopifnot(is.coin(x),
            is.character(dset),
            length(dset)==1)

  if(is.null(x$Data[[dset]])){
    stop("Required data set '", dset, "' not found in coin object.")
  }
}

get_dset <- function(x, dset, ...){
  UseMethod("get_dset")
}

get_dset.coin <- function(x, dset, also_get = NULL){

  # check specified dset exists
  check_dset(x, dset)
  # get dset
  iData <- x$Data[[dset]]

  if(!is.null(also_get)){

    uMeta <- x$Meta$Unit

    if(is.null(uMeta)){
      stop("Unit metadata not found in coin.")
    }

    if(length(also_get) == 1){
      if(also_get == "all"){
        uMeta_codes <- colnames(uMeta)
      } else {
        uMeta_codes <- also_get
      }
    } else {
      uMeta_codes <- also_get
    }

    # check entries in also_get exist
    if(any(uMeta_codes %nin% colnames(uMeta))){
      stop("Entries in also_get not recognised - see function help.")
    }

    uMeta <- uMeta[union("uCode", uMeta_codes)]

    iData <- merge(uMeta, iData, by = "uCode", all.x = FALSE, all.y = TRUE)

  }

  iData
}
