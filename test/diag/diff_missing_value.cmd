diff res_ok.txt res_bad.txt
