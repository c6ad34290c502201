diff res_letter.txt res_ok.txt
